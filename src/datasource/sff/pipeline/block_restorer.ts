/**
 * Restored blocks of flagged sections at the scale being drawn, shared by the chunks inside each
 * block: decide from the section's geometry whether any fold reaches the block (if not: raw),
 * read the block's window of the damaged section and its two neighbours at that scale, run the
 * block restoration, cache the block. Memory is bounded by blocks, never whole sections. Pure:
 * the runtime (models, onnxruntime-web) is handed in.
 */
import PQueue from 'p-queue';
import { type GridRect, influences } from '../../../core/geometry/fold_field.js';
import { geometryInFrame } from '../../../core/geometry/fold_geometry.js';
import type { GrayImage } from '../../../core/image.js';
import {
  type BlockRequest,
  type BlockSection,
  FUSION_REACH,
  type RestoredBlock,
  restoreBlock,
} from '../../../restoration/block_restore.js';
import type { ChunkGrid, RestoreEvent } from '../base.js';
import { assembleRect, blockAt } from './block_assembly.js';
import type { FetchChunk } from './section_assembly.js';
import type { SectionPlan } from './section_planner.js';
import type { SharedTaskCache } from './shared_tasks.js';

/** What block restoration needs at run time; loaded lazily (see restoration_runtime.ts). */
export interface RestorationRuntime {
  /** e.g. "WASM (2 threads)". */
  describe(): string;
  restoreBlock(request: BlockRequest, signal: AbortSignal): Promise<RestoredBlock>;
}

/** A block's pixels (null: serve the raw ones), with the reason when it failed. */
export interface BlockResult {
  rect: GridRect;
  image: GrayImage | null;
  failure?: string;
}

/** The block of section `z` of `grid` holding pixel (x, y), as a background-able job. */
export interface BlockJob {
  z: number;
  plan: SectionPlan;
  grid: ChunkGrid;
  fetchChunk: FetchChunk;
  rect: GridRect;
  /** Cache key: volume, scale, section, settings, block (and stage). */
  key: string;
  /** The preview (no nets, no models) shown while the nets run: see previewOf. */
  preview?: boolean;
  /** Higher runs sooner among queued previews: a visible chunk's over a prefetched one's. */
  priority?: number;
}

/** The job's preview: the classical unfolding of the block, shown until the nets' result is in. */
export function previewOf(job: BlockJob): BlockJob {
  return { ...job, preview: true, key: `${job.key}/preview` };
}

export interface BlockRestorerOptions {
  volumeKey: string;
  variant?(z: number): string;
  /** Loads the runtime once; a rejection is reported for each block it would have restored. */
  runtime(): Promise<RestorationRuntime>;
  cache: SharedTaskCache<string, BlockResult>;
  onEvent(event: RestoreEvent): void;
}

/** The job for the block holding pixel (x, y) of section z, or undefined when no fold reaches it. */
export function blockJob(
  options: Pick<BlockRestorerOptions, 'volumeKey' | 'variant'>,
  z: number,
  plan: SectionPlan,
  grid: ChunkGrid,
  fetchChunk: FetchChunk,
  x: number,
  y: number,
): BlockJob | undefined {
  const rect = blockAt(grid, x, y);
  const geometry = geometryInFrame(plan.geometry, grid.upperVoxelBound[0], grid.upperVoxelBound[1]);
  if (!influences(geometry, rect, FUSION_REACH)) return undefined;
  const scale = `${grid.upperVoxelBound[0]}x${grid.upperVoxelBound[1]}`;
  // The neighbours too: a guessed plan's blocks and the checked plan's differ when these do.
  const key = `${options.volumeKey}/${scale}/${z}/${options.variant?.(z) ?? ''}/${plan.prev},${plan.next}/${rect.x},${rect.y}`;
  return { z, plan, grid, fetchChunk, rect, key };
}

/**
 * Previews run at most this many at a time. Each is ~0.1 s of the worker's one thread; started
 * all at once (every block of every chunk asked for, prefetched and coarser scales too), they
 * shared the thread and each took 3–9 s on an 8192² volume, so the visible ones came last.
 * Two: one computes while the other reads its chunks.
 */
const PREVIEW_CONCURRENCY = 2;

/**
 * Restores blocks, and their previews. A block's nets wait for its own preview and for every
 * preview queued or running: a block's nets take a second or more of the machine's cores, so the
 * cheap previews of all the blocks in view come first. Previews queue by the priority of the
 * chunk that first asked (p-queue: higher first, in order of arrival among equals).
 */
export function makeBlockRestorer(
  options: BlockRestorerOptions,
): (job: BlockJob, signal: AbortSignal) => Promise<BlockResult> {
  const { cache, onEvent } = options;
  const previews = new PQueue({ concurrency: PREVIEW_CONCURRENCY });
  const restore = (job: BlockJob, signal: AbortSignal): Promise<BlockResult> =>
    cache.get(
      job.key,
      async (taskSignal) => {
        const { z, plan, grid, rect } = job;
        const sectionOf: Record<BlockSection, number> = { damaged: z, prev: plan.prev, next: plan.next };
        const request: BlockRequest = {
          geometry: geometryInFrame(plan.geometry, grid.upperVoxelBound[0], grid.upperVoxelBound[1]),
          block: rect,
          read: (section, r) => assembleRect(grid, sectionOf[section], r, job.fetchChunk, taskSignal),
        };
        if (job.preview) {
          const run = (): Promise<BlockResult> => preview(request, rect, taskSignal);
          return previews.add(run, { priority: job.priority ?? 0, signal: taskSignal, throwOnTimeout: true });
        }
        try {
          await restore(previewOf(job), taskSignal);
          await previews.onIdle();
          const runtime = await options.runtime();
          const backend = runtime.describe();
          onEvent({ state: 'running', z, backend });
          const start = performance.now();
          const restored = await runtime.restoreBlock(request, taskSignal);
          onEvent({ state: 'done', z, backend, ms: performance.now() - start, ...(plan.note && { note: plan.note }) });
          return { rect, image: restored.changed ? restored.image : null };
        } catch (err) {
          if (taskSignal.aborted) throw err;
          const message = err instanceof Error ? err.message : String(err);
          onEvent({ state: 'failed', z, message });
          return { rect, image: null, failure: message };
        }
      },
      signal,
    );
  return restore;
}

/** A preview: pure, no models. Its failure only means raw until the nets' result, which reports it. */
async function preview(request: BlockRequest, rect: GridRect, signal: AbortSignal): Promise<BlockResult> {
  try {
    const restored = await restoreBlock({ ...request, preview: true }, undefined, signal);
    return { rect, image: restored.changed ? restored.image : null };
  } catch (err) {
    if (signal.aborted) throw err;
    return { rect, image: null, failure: err instanceof Error ? err.message : String(err) };
  }
}

/** Bytes a cached block holds. */
export function blockBytes(block: BlockResult): number {
  return 64 + (block.image?.data.byteLength ?? 0);
}
