/**
 * Worker-wide caches behind every `sff://` chunk source: the wrapped sources' chunks (so detection
 * and serving fetch each chunk once), the per-section detections and plans, and the restored blocks. Bounded
 * by bytes.
 */
import type { VolumeChunkSource } from 'neuroglancer/unstable/sliceview/volume/backend.js';
import type { ChunkData } from './base.js';
import { downloadInnerChunk } from './inner_chunk.js';
import { blockBytes, BlockQueues, type BlockResult } from './pipeline/block_restorer.js';
import type { FetchChunk } from './pipeline/section_assembly.js';
import { detectionBytes, type SectionDetection } from './pipeline/section_detector.js';
import { planBytes, type PlannedSection } from './pipeline/section_planner.js';
import { SharedTaskCache } from './pipeline/shared_tasks.js';

/** Raw chunks kept for reuse: a few 1024² sections' worth at 64² uint8 chunks. */
const CHUNK_BUDGET_BYTES = 64 << 20;
/** Detections kept (each holds a full-resolution mask): ~48 sections of 1024². */
const DETECTION_BUDGET_BYTES = 48 << 20;

const chunks = new SharedTaskCache<string, ChunkData>(CHUNK_BUDGET_BYTES, (chunk) => chunk.data?.byteLength ?? 0);

/**
 * How long a section's detection runs on once no chunk waits for it. Stepping through z, the
 * viewer prefetches the next sections and cancels them when the step ends; the next step asks
 * again. Detection goes on meanwhile instead of starting over (and refetching the section).
 */
const DETECTION_ABORT_GRACE_MS = 2500;

export const detections = new SharedTaskCache<string, SectionDetection>(
  DETECTION_BUDGET_BYTES,
  detectionBytes,
  DETECTION_ABORT_GRACE_MS,
);

/** Section plans kept (geometry: a few hundred bytes each). */
const PLAN_BUDGET_BYTES = 4 << 20;

export const plans = new SharedTaskCache<string, PlannedSection>(PLAN_BUDGET_BYTES, planBytes);

/** Restored blocks kept: ~128 blocks of 512² at any scale, whatever the section's size. */
const BLOCK_BUDGET_BYTES = 32 << 20;

export const blocks = new SharedTaskCache<string, BlockResult>(BLOCK_BUDGET_BYTES, blockBytes);

/** Blocks' reads and previews, queued across every source and scale of the worker. */
export const blockQueues = new BlockQueues();

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
