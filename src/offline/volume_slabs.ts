/**
 * Writing a corrected volume one z slab (a chunk's depth of sections) at a time. A slab where
 * nothing was restored is copied chunk by chunk at every scale (copy speed; chunks decoded to raw
 * unsharded files, byte for byte as stored when the source already is raw); a slab with a restored section gets every scale regenerated from its corrected base
 * sections by 2×2×1 downsampling — which is why the scales must have that layout.
 */
import { join } from 'node:path';
import type { GrayImage } from '../core/image.js';
import { extractChunk, slabChunks } from '../io/precomputed/chunks.js';
import { pyramid } from '../io/precomputed/downsample.js';
import { chunkName, type OpenVolume, type PrecomputedInfo } from '../io/precomputed/index.js';
import { mapLimited } from '../io/precomputed/map_limited.js';
import { READS_IN_FLIGHT } from '../io/precomputed/volume.js';
import type { FileWriteQueue } from '../io/precomputed/write_queue.js';
import { OfflineError } from './errors.js';

/** Refuses layouts whose lower scales we could not regenerate from a corrected base scale. */
export function checkRegenerable(info: PrecomputedInfo): void {
  const base = info.scales[0];
  const chunkDepth = base.chunk_sizes[0][2];
  info.scales.forEach((scale, i) => {
    const f = 2 ** i;
    const expected = {
      size: [Math.ceil(base.size[0] / f), Math.ceil(base.size[1] / f), base.size[2]],
      resolution: [base.resolution[0] * f, base.resolution[1] * f, base.resolution[2]],
      voxel_offset: [base.voxel_offset[0] / f, base.voxel_offset[1] / f, base.voxel_offset[2]],
    };
    const close = (a: readonly number[], b: readonly number[]): boolean =>
      a.every((v, k) => Math.abs(v - b[k]) <= 1e-6 * Math.abs(b[k]));
    const ok =
      scale.size.every((v, k) => v === expected.size[k]) &&
      close(scale.resolution, expected.resolution) &&
      scale.voxel_offset.every((v, k) => v === expected.voxel_offset[k]) &&
      scale.chunk_sizes[0][2] === chunkDepth;
    if (!ok) {
      throw new OfflineError(
        `scale ${i} (${scale.key}) is not a 2×2×1 downsample of the base scale with the same chunk depth; ` +
          'sff restore can only regenerate scales of that layout',
      );
    }
  });
}

/** Copies the stored chunk files of sections [z0, z1) at every scale (missing ones stay missing). */
export async function copySlab(
  volume: OpenVolume,
  outDir: string,
  files: FileWriteQueue,
  z0: number,
  z1: number,
  signal?: AbortSignal,
): Promise<void> {
  for (const scale of volume.info.scales) {
    const boxes = [...slabChunks(scale.size, scale.chunk_sizes[0], z0, z1)];
    await mapLimited(boxes, READS_IN_FLIGHT, async (box) => {
      const bytes = await volume.chunk(scale, box, signal);
      if (bytes !== undefined) await files.write(join(outDir, scale.key, chunkName(box, scale.voxel_offset)), bytes);
    });
  }
}

/** Writes sections [z0, z0 + sections.length) at every scale, downsampled from the base sections. */
export async function writeSlab(
  info: PrecomputedInfo,
  outDir: string,
  files: FileWriteQueue,
  z0: number,
  sections: readonly GrayImage[],
): Promise<void> {
  const levels = sections.map((section) => pyramid(section, info.scales.length));
  for (const [i, scale] of info.scales.entries()) {
    const slab = levels.map((level) => level[i]);
    for (const box of slabChunks(scale.size, scale.chunk_sizes[0], z0, z0 + sections.length)) {
      await files.write(join(outDir, scale.key, chunkName(box, scale.voxel_offset)), extractChunk(slab, box));
    }
  }
}

/**
 * Writes the slab of sections [z0, z0 + restored.length): copied as stored when no section in it
 * was restored, else every scale regenerated from the restored sections and the source's others.
 */
export async function writeOrCopySlab(
  volume: OpenVolume,
  outDir: string,
  files: FileWriteQueue,
  z0: number,
  restored: ReadonlyArray<GrayImage | undefined>,
  signal?: AbortSignal,
): Promise<'copied' | 'written'> {
  if (restored.every((r) => r === undefined)) {
    await copySlab(volume, outDir, files, z0, z0 + restored.length, signal);
    return 'copied';
  }
  const sections = await Promise.all(restored.map((r, k) => r ?? volume.section(z0 + k, signal)));
  await writeSlab(volume.info, outDir, files, z0, sections);
  return 'written';
}
