import { blockTasks, COPY_BLOCKS, taskVoxels } from '../../src/distributed/block_plan.js';
import type { PrecomputedInfo, PrecomputedScale, Vec3 } from '../../src/io/precomputed/index.js';
import { scaleBlocks } from '../../src/offline/scale_blocks.js';
import type { SectionPlanRecord } from '../../src/offline/volume_blocks.js';
import { straightFoldGeometry } from '../fixtures/geometry.js';

const scale = (key: string, size: Vec3): PrecomputedScale => ({
  key,
  size,
  resolution: [4, 4, 40],
  voxel_offset: [0, 0, 0],
  chunk_sizes: [[128, 128, 4]],
  encoding: 'raw',
});

/** 8192 × 4096 (16 × 8 blocks of 512²), its half (z kept) and a scale with z halved too. */
const info: PrecomputedInfo = {
  '@type': 'neuroglancer_multiscale_volume',
  type: 'image',
  data_type: 'uint8',
  num_channels: 1,
  scales: [scale('4_4_40', [8192, 4096, 8]), scale('8_8_40', [4096, 2048, 8]), scale('16_16_80', [2048, 1024, 4])],
};

/** A straight fold across the whole width near the top of section 1: it reaches the first row of blocks only. */
const fold = straightFoldGeometry([8192, 4096], { from: [0, 150], to: [8191, 170], L: 6, a: 12, s: 0.04 });
const plans: SectionPlanRecord[] = [{ z: 1, geometry: fold, prev: 0, next: 2 }];
const slab = { z0: 0, z1: 4 };

describe('blockTasks', () => {
  const tasks = blockTasks(info, slab, plans);

  it('a fold section becomes one restore task per block it reaches, at every scale where z is kept', () => {
    const restored = tasks.filter((t) => t.kind === 'restore');
    expect(restored.every((t) => t.blocks.length === 1)).toBe(true);
    const rows = (s: number) => restored.filter((t) => t.scale === s).map((t) => t.blocks[0]);
    expect(rows(0)).toEqual(Array.from({ length: 16 }, (_, b) => b)); // the first row of 16 blocks
    expect(rows(1)).toEqual(Array.from({ length: 8 }, (_, b) => b)); // the first row of 8 at half size
    expect(rows(2)).toEqual([]); // z downsampled: written as read
  });

  it('a clean block is copied, never restored; every block is written by exactly one task', () => {
    info.scales.forEach((s, i) => {
      const owners = new Map<number, string[]>();
      for (const t of tasks.filter((t) => t.scale === i))
        for (const b of t.blocks) owners.set(b, [...(owners.get(b) ?? []), t.kind]);
      expect(owners.size).toBe(scaleBlocks(s).length);
      expect([...owners.values()].every((kinds) => kinds.length === 1)).toBe(true);
    });
    const cleanBlock = 16 * 7 + 15; // bottom right of the base scale, far from the fold
    expect(tasks.find((t) => t.scale === 0 && t.blocks.includes(cleanBlock))?.kind).toBe('copy');
  });

  it('copy tasks are bounded: at most COPY_BLOCKS blocks each', () => {
    const copies = tasks.filter((t) => t.kind === 'copy' && t.scale === 0);
    expect(copies.map((t) => t.blocks.length)).toEqual([COPY_BLOCKS, 128 - 16 - COPY_BLOCKS]);
    expect(Math.max(...tasks.map((t) => t.blocks.length))).toBeLessThanOrEqual(COPY_BLOCKS);
  });

  it('a slab without the fold section only copies; the voxels of its tasks are the whole slab', () => {
    const other = { z0: 4, z1: 8 };
    const copies = blockTasks(info, other, plans);
    expect(copies.every((t) => t.kind === 'copy')).toBe(true);
    const voxels = copies.reduce((n, t) => n + taskVoxels(info, other, t), 0);
    expect(voxels).toBe(info.scales.reduce((n, s) => n + s.size[0] * s.size[1] * 4, 0));
  });
});
