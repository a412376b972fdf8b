/**
 * What a block's preview fetches before its turn: every chunk it then reads, no halo: only the
 * chunks under the block, the sources its warp pulls in, and the neighbours' where the lost strip is.
 */
import type { GridRect } from '../../../../src/core/geometry/fold_field.js';
import { geometryInFrame } from '../../../../src/core/geometry/fold_geometry.js';
import type { ChunkData, ChunkGrid } from '../../../../src/datasource/sff/base.js';
import { assembleRect } from '../../../../src/datasource/sff/pipeline/block_assembly.js';
import { blockChunks } from '../../../../src/datasource/sff/pipeline/block_chunks.js';
import type { SectionPlan } from '../../../../src/datasource/sff/pipeline/section_planner.js';
import type { ModelRunner } from '../../../../src/inference/model_runner.js';
import { type BlockSection, restoreBlock } from '../../../../src/restoration/block_restore.js';
import { straightFoldGeometry } from '../../../fixtures/geometry.js';

// 1024² of 128² chunks, blocks of 512²; a diagonal fold with a 30 px pull, planned at 2048².
const grid: ChunkGrid = { chunkDataSize: Uint32Array.of(128, 128, 1), upperVoxelBound: Float32Array.of(1024, 1024, 9) };
const geometry = straightFoldGeometry([2048, 2048], { from: [200, 0], to: [1800, 2047], L: 12, a: 60, s: 0.05 });
const plan: SectionPlan = { geometry, prev: 3, next: 5 };
const sectionOf: Record<BlockSection, number> = { damaged: 4, prev: 3, next: 5 };
const key = (z: number, p: ArrayLike<number>): string => `${z}:${p[0]},${p[1]}`;

const never = new AbortController().signal;

/** The chunks restoreBlock reads for `rect` (a preview, or the nets up to their first run). */
async function chunksRead(rect: GridRect, preview: boolean): Promise<Set<string>> {
  const read = new Set<string>();
  const fetchChunk = async (p: Float32Array): Promise<ChunkData> => {
    read.add(key(p[2], p));
    return { data: new Uint8Array(128 * 128), chunkDataSize: grid.chunkDataSize };
  };
  // The nets' runner fails on its first run: by then every read is made.
  const runner = { run: () => Promise.reject(new Error('no nets here')) } as unknown as ModelRunner;
  const request = {
    geometry: geometryInFrame(geometry, 1024, 1024),
    block: rect,
    preview,
    read: (section: BlockSection, r: GridRect) => assembleRect(grid, sectionOf[section], r, fetchChunk, never),
  };
  await restoreBlock(request, runner).catch((err: Error) => expect(err.message).toContain('no nets here'));
  return read;
}

describe('blockChunks', () => {
  test('holds every chunk a block’s preview reads, and little more', async () => {
    for (const x of [0, 256, 512, 768]) {
      for (const y of [0, 256, 512, 768]) {
        const rect = { x, y, width: 256, height: 256 };
        const fetched = new Set(blockChunks({ z: 4, plan, grid, rect }).map((c) => key(c.position[2], c.position)));
        const read = await chunksRead(rect, true);
        expect([...read].filter((k) => !fetched.has(k))).toEqual([]);
        expect(fetched.size).toBeLessThanOrEqual(read.size + 2);
      }
    }
  });

  test('reads no halo: fewer chunks than the nets, the damaged section’s not the whole ring', async () => {
    const crossed = { x: 256, y: 256, width: 256, height: 256 };
    const own = blockChunks({ z: 4, plan, grid, rect: crossed }).filter((c) => c.z === 4);
    // The block's 2 × 2 chunks and a ring of 12 round them: the sources lie towards the fold only.
    expect(own.length).toBeLessThan(16);
    expect((await chunksRead(crossed, false)).size).toBeGreaterThan((await chunksRead(crossed, true)).size);
  });

  test('reads the neighbours only where the lost strip is', () => {
    // Pulled tissue only: its sources reach towards the fold, no strip to fill.
    const pulled = blockChunks({ z: 4, plan, grid, rect: { x: 768, y: 0, width: 256, height: 256 } });
    expect(pulled.length).toBeGreaterThan(0);
    expect(pulled.filter((c) => c.z !== 4)).toEqual([]);
  });

  test('nothing for a plan without folds', () => {
    const clean: SectionPlan = { geometry: { ...geometry, flagged: false, folds: [] }, prev: 3, next: 5 };
    expect(blockChunks({ z: 4, plan: clean, grid, rect: { x: 0, y: 0, width: 512, height: 512 } })).toEqual([]);
  });
});
