/**
 * A slab (a chunk's depth of sections) where nothing is restored is copied chunk by chunk at every
 * scale (copy speed; each chunk decoded and handed to the chunk sink, which writes it in the copy's
 * encoding and sharding). Slabs with a restored section: volume_blocks.ts.
 */
import type { ChunkSink } from '../io/precomputed/chunk_sink.js';
import { slabChunks } from '../io/precomputed/chunks.js';
import type { ChunkBox } from '../io/precomputed/chunks.js';
import type { OpenVolume, PrecomputedScale } from '../io/precomputed/index.js';
import { mapLimited } from '../io/precomputed/map_limited.js';
import { READS_IN_FLIGHT } from '../io/precomputed/volume.js';

/** Copies the chunks of sections [z0, z1) at every scale (missing ones stay missing). */
export async function copySlab(
  volume: OpenVolume,
  sink: ChunkSink,
  z0: number,
  z1: number,
  signal?: AbortSignal,
): Promise<void> {
  for (const scale of volume.info.scales)
    await copyChunks(volume, scale, sink, [...slabChunks(scale.size, scale.chunk_sizes[0], z0, z1)], signal);
}

/** Copies chunks `boxes` of a scale as read, several in flight (missing ones stay missing). */
export async function copyChunks(
  volume: OpenVolume,
  scale: PrecomputedScale,
  sink: ChunkSink,
  boxes: readonly ChunkBox[],
  signal?: AbortSignal,
): Promise<void> {
  await mapLimited(boxes, READS_IN_FLIGHT, async (box) => {
    const bytes = await volume.chunk(scale, box, signal);
    if (bytes !== undefined) await sink.write(scale, box, bytes, signal);
  });
}
