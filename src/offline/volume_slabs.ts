/**
 * A slab (a chunk's depth of sections) where nothing is restored is copied chunk by chunk at every
 * scale (copy speed; chunks decoded to raw unsharded files, byte for byte as stored when the
 * source already is raw). Slabs with a restored section: volume_blocks.ts.
 */
import { join } from 'node:path';
import { slabChunks } from '../io/precomputed/chunks.js';
import { chunkName, type OpenVolume } from '../io/precomputed/index.js';
import { mapLimited } from '../io/precomputed/map_limited.js';
import { READS_IN_FLIGHT } from '../io/precomputed/volume.js';
import type { FileWriteQueue } from '../io/precomputed/write_queue.js';

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
