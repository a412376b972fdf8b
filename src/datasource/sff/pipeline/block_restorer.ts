/**
 * Restored blocks of flagged sections at the scale being drawn, shared by the chunks inside each
 * block: decide from the section's geometry whether any fold reaches the block (if not: raw),
 * read the block's window of the damaged section and its two neighbours at that scale, run the
 * block restoration, cache the block. Memory is bounded by blocks, never whole sections. Pure:
 * the runtime (models, onnxruntime-web) is handed in.
 */
import PQueue from 'p-queue';
import { type GridRect, influences, lostReach } from '../../../core/geometry/fold_field.js';
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
import { blockChunks } from './block_chunks.js';
import { waitWhile } from './poll.js';
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
  /** Whether the block holds lost strip (the band shows black there), not only pulled tissue. */
  strip: boolean;
  /** Higher runs sooner among queued previews (backend.ts: visible chunks', the finest scale's, the strip's). */
  priority?: number;
  /**
   * While true, the block stands in for a finer scale still being fetched (scale_sources.ts): its
   * preview waits, so that scale's take the network and the thread first.
   */
  standIn?(): boolean;
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
  queues: BlockQueues;
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
  const strip = influences(geometry, rect, 0, lostReach);
  const scale = `${grid.upperVoxelBound[0]}x${grid.upperVoxelBound[1]}`;
  // The neighbours too: a guessed plan's blocks and the checked plan's differ when these do.
  const key = `${options.volumeKey}/${scale}/${z}/${options.variant?.(z) ?? ''}/${plan.prev},${plan.next}/${rect.x},${rect.y}`;
  return { z, plan, grid, fetchChunk, rect, key, strip };
}

/**
 * The queues every block restorer of a worker shares (one restorer per scale source): previews
 * compute one at a time, visible chunks' and the finest scale's first, across all scales. Started
 * all at once (every block of every chunk asked for, prefetched and coarser scales too), they
 * shared the worker's one thread and each took 3–9 s on an 8192² volume, so the visible ones came
 * last. Their chunks are fetched before their turn, six blocks' at a time (a browser's
 * connections to one HTTP/1.1 host), in the same order: fetching is the network's wait, not the
 * thread's, and a turn held while waiting for it kept every other preview waiting too (0.3–2 s
 * per block on an 8192² volume; two at a time left the last visible blocks waiting on the first).
 */
export class BlockQueues {
  readonly reads: PQueue = new PQueue({ concurrency: 6 });
  readonly previews: PQueue = new PQueue({ concurrency: 1 });
  /** Previews reading or computing. */
  private readonly running = new Set<Promise<unknown>>();

  /** A preview: its chunks fetched in the reads queue, then `compute` in the previews queue. */
  preview<T>(
    job: Pick<BlockJob, 'priority' | 'standIn'>,
    signal: AbortSignal,
    fetch: () => Promise<unknown>,
    compute: () => Promise<T>,
  ): Promise<T> {
    const options = { priority: job.priority ?? 0, signal, throwOnTimeout: true as const };
    const standIn = job.standIn;
    const waited = standIn ? waitWhile(standIn, signal, { everyMs: STAND_IN_POLL_MS }) : Promise.resolve();
    const done = waited.then(() => this.reads.add(fetch, options)).then(() => this.previews.add(compute, options));
    this.running.add(done);
    const forget = (): void => void this.running.delete(done);
    done.then(forget, forget);
    return done;
  }

  /** Resolves once no preview is reading or computing. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

/** How often a stand-in looks whether the scale it stands in for has been served. */
const STAND_IN_POLL_MS = 50;

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
  const { queues } = options;
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
          // A failed read is reported by the preview's own read of that chunk.
          const fetch = (): Promise<unknown> =>
            Promise.allSettled(blockChunks(job).map((c) => job.fetchChunk(c.position, taskSignal)));
          const compute = (): Promise<BlockResult> => preview(request, rect, taskSignal);
          return queues.preview(job, taskSignal, fetch, compute);
        }
        try {
          await restore(previewOf(job), taskSignal);
          await queues.idle();
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
