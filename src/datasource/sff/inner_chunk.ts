/**
 * Worker side: downloads one chunk through the wrapped data source's own chunk source, on a
 * scratch chunk that never enters its cache. Decoding, sharding and compression are therefore the
 * wrapped source's, unchanged.
 */
import { VolumeChunk, type VolumeChunkSource } from 'neuroglancer/unstable/sliceview/volume/backend.js';
import type { ChunkData } from './base.js';

export async function downloadInnerChunk(
  inner: VolumeChunkSource,
  chunkGridPosition: Float32Array,
  signal: AbortSignal,
): Promise<ChunkData> {
  const scratch = new VolumeChunk();
  // Decoders read `chunk.source.spec`; the grid position is all a download needs besides.
  scratch.source = inner;
  scratch.chunkGridPosition = chunkGridPosition;
  scratch.chunkDataSize = null;
  scratch.data = null;
  await inner.download(scratch, signal);
  return { data: scratch.data, chunkDataSize: scratch.chunkDataSize ?? inner.spec.chunkDataSize };
}
