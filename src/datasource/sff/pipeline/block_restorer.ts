/**
 * Restored blocks of flagged sections at the scale being drawn, shared by the chunks inside each
 * block: decide from the section's geometry whether any fold reaches the block (if not: raw),
 * read the block's window of the damaged section and its two neighbours at that scale, run the
 * block restoration, cache the block. Memory is bounded by blocks, never whole sections. Pure:
 * the runtime (models, onnxruntime-web) is handed in.
 */
import { type GridRect, influences } from '../../../core/geometry/fold_field.js';
import { geometryInFrame } from '../../../core/geometry/fold_geometry.js';
import type { GrayImage } from '../../../core/image.js';
import {
  type BlockRequest,
  type BlockSection,
  FUSION_REACH,
  type RestoredBlock,
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
  /** Cache key: volume, scale, section, settings, block. */
  key: string;
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
  const key = `${options.volumeKey}/${scale}/${z}/${options.variant?.(z) ?? ''}/${rect.x},${rect.y}`;
  return { z, plan, grid, fetchChunk, rect, key };
}

export function makeBlockRestorer(
  options: BlockRestorerOptions,
): (job: BlockJob, signal: AbortSignal) => Promise<BlockResult> {
  const { cache, onEvent } = options;
  return (job, signal) =>
    cache.get(
      job.key,
      async (taskSignal) => {
        const { z, plan, grid, rect } = job;
        try {
          const runtime = await options.runtime();
          const sectionOf: Record<BlockSection, number> = { damaged: z, prev: plan.prev, next: plan.next };
          const geometry = geometryInFrame(plan.geometry, grid.upperVoxelBound[0], grid.upperVoxelBound[1]);
          const backend = runtime.describe();
          onEvent({ state: 'running', z, backend });
          const start = performance.now();
          const restored = await runtime.restoreBlock(
            {
              geometry,
              block: rect,
              read: (section, r) => assembleRect(grid, sectionOf[section], r, job.fetchChunk, taskSignal),
            },
            taskSignal,
          );
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
}

/** Bytes a cached block holds. */
export function blockBytes(block: BlockResult): number {
  return 64 + (block.image?.data.byteLength ?? 0);
}
