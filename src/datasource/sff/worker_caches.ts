/**
 * Worker-wide caches behind every `sff://` chunk source: the wrapped sources' chunks (so detection
 * and serving fetch each chunk once), the per-section detections and restored sections. Bounded
 * by bytes.
 */
import type { VolumeChunkSource } from 'neuroglancer/unstable/sliceview/volume/backend.js';
import type { ChunkData } from './base.js';
import { downloadInnerChunk } from './inner_chunk.js';
import type { FetchChunk } from './pipeline/section_assembly.js';
import { detectionBytes, type SectionDetection } from './pipeline/section_detector.js';
import { type RestoredSection, restoredBytes } from './pipeline/section_restorer.js';
import { SharedTaskCache } from './pipeline/shared_tasks.js';

/** Raw chunks kept for reuse: a few 1024² sections' worth at 64² uint8 chunks. */
const CHUNK_BUDGET_BYTES = 64 << 20;
/** Detections kept (each holds a full-resolution mask): ~48 sections of 1024². */
const DETECTION_BUDGET_BYTES = 48 << 20;

const chunks = new SharedTaskCache<string, ChunkData>(CHUNK_BUDGET_BYTES, (chunk) => chunk.data?.byteLength ?? 0);

export const detections = new SharedTaskCache<string, SectionDetection>(DETECTION_BUDGET_BYTES, detectionBytes);

/** Restored sections kept: ~32 sections of 1024². */
const RESTORED_BUDGET_BYTES = 32 << 20;

export const restorations = new SharedTaskCache<string, RestoredSection>(RESTORED_BUDGET_BYTES, restoredBytes);

/**
 * Fetches chunks of `inner` through the shared cache. Cached data is shared: copy it before
 * handing it to Neuroglancer, which transfers the buffer to the main thread.
 */
export function cachedFetcher(inner: VolumeChunkSource): FetchChunk {
  return (position, signal) => {
    const ownPosition = Float32Array.from(position);
    return chunks.get(
      `${inner.rpcId}/${ownPosition.join(',')}`,
      (taskSignal) => downloadInnerChunk(inner, ownPosition, taskSignal),
      signal,
    );
  };
}
