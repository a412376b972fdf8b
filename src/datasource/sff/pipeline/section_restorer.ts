/**
 * Restoration per flagged section, shared by all chunks (and scales) showing it: pick clean
 * neighbours (detecting them as needed), assemble the three sections at the detection scale, run
 * the pipeline once, cache the restored section. Any failure resolves to "serve raw" with the
 * reason, reported once. Pure: the runtime (models, onnxruntime-web) is handed in.
 */
import type { GrayImage } from '../../../core/image.js';
import { chooseNeighbours, NEIGHBOUR_REACH } from '../../../restoration/neighbours.js';
import type { RestorationRequest } from '../../../restoration/pipeline.js';
import { anyOverlaps, foldRegion } from '../../../restoration/regions.js';
import type { RestoreEvent, ChunkGrid } from '../base.js';
import { assembleSection, type FetchChunk } from './section_assembly.js';
import type { DetectSection, SectionDetection } from './section_detector.js';
import type { SharedTaskCache } from './shared_tasks.js';

/** What the restoration needs at run time; loaded lazily (see restoration_runtime.ts). */
export interface RestorationRuntime {
  /** e.g. "WASM (2 threads)". */
  describe(): string;
  restore(request: RestorationRequest, signal: AbortSignal): Promise<GrayImage>;
}

/** A restored section (detection scale), or null with the reason the raw one is served. */
export type RestoredSection = { image: GrayImage; failure?: undefined } | { image: null; failure: string };

export type RestoreSection = (z: number, detection: SectionDetection, signal: AbortSignal) => Promise<RestoredSection>;

export interface SectionRestorerOptions {
  volumeKey: string;
  /** Distinguishes restorations of one section under different settings (e.g. the user's marks). */
  variant?(z: number): string;
  grid: ChunkGrid;
  fetchChunk: FetchChunk;
  detectSection: DetectSection;
  /** Loads the runtime once; a rejection is reported for each section it would have restored. */
  runtime(): Promise<RestorationRuntime>;
  cache: SharedTaskCache<string, RestoredSection>;
  onEvent(event: RestoreEvent): void;
}

export function makeSectionRestorer(options: SectionRestorerOptions): RestoreSection {
  const { volumeKey, grid, fetchChunk, detectSection, cache, onEvent } = options;
  const sectionCount = grid.upperVoxelBound[2];
  return (z, detection, signal) =>
    cache.get(
      `${volumeKey}/${z}/${options.variant?.(z) ?? ''}`,
      async (taskSignal) => {
        try {
          const runtime = await options.runtime();
          // Pixels of missing chunks are 0, not tissue: such a section is no neighbour, and a damaged
          // section missing chunks where it would be restored is served raw.
          const region = detection.mask.width > 0 ? foldRegion(detection.mask) : null;
          if (anyOverlaps(detection.missing ?? [], region)) {
            throw new Error(`section ${z} has missing chunks in its fold region`);
          }
          const unusable = await unusableNear(z, sectionCount, detectSection, region, taskSignal);
          const choice = chooseNeighbours(
            z,
            sectionCount,
            (n) => unusable.has(n),
            (n) => unusable.get(n) ?? 'flagged',
          );
          const [damaged, prev, next] = await Promise.all(
            [z, choice.prev, choice.next].map((n) => assembleSection(grid, n, fetchChunk, taskSignal)),
          );
          const backend = runtime.describe();
          onEvent({ state: 'running', z, backend });
          const start = performance.now();
          const neighbours = { prev, next, prevZ: choice.prev, nextZ: choice.next };
          const image = await runtime.restore({ damaged, neighbours, detection }, taskSignal);
          onEvent({
            state: 'done',
            z,
            backend,
            ms: performance.now() - start,
            ...(choice.note && { note: choice.note }),
          });
          return { image };
        } catch (err) {
          if (taskSignal.aborted) throw err;
          const message = err instanceof Error ? err.message : String(err);
          onEvent({ state: 'failed', z, message });
          return { image: null, failure: message };
        }
      },
      signal,
    );
}

/**
 * Sections within the neighbour reach of z that cannot stand in for it, with why: flagged, or
 * missing chunks in the region used. z ± 1 first, further only when needed.
 */
async function unusableNear(
  z: number,
  count: number,
  detect: DetectSection,
  region: Parameters<typeof anyOverlaps>[1],
  signal: AbortSignal,
): Promise<Map<number, string>> {
  const unusable = new Map<number, string>();
  const check = async (sections: number[]): Promise<void> => {
    const inside = sections.filter((n) => n >= 0 && n < count);
    const results = await Promise.all(inside.map((n) => detect(n, signal)));
    inside.forEach((n, i) => {
      if (results[i].flagged) unusable.set(n, 'flagged');
      else if (anyOverlaps(results[i].missing ?? [], region)) unusable.set(n, 'missing chunks');
    });
  };
  await check([z - 1, z + 1]);
  if (unusable.size > 0 || z === 0 || z === count - 1) {
    const further: number[] = [];
    for (let k = 2; k <= NEIGHBOUR_REACH; k++) further.push(z - k, z + k);
    await check(further);
  }
  return unusable;
}

/** Bytes a cached restored section holds. */
export function restoredBytes(section: RestoredSection): number {
  return section.image?.data.byteLength ?? 0;
}
