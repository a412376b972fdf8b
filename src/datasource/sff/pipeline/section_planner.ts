/**
 * The plan of a flagged section, shared by all chunks (and scales) showing it: pick clean
 * neighbours (detecting them as needed), assemble the three sections at the detection scale, and
 * estimate the fold geometry there — centre lines, band widths and pull, a few hundred bytes,
 * which every block at every scale is then restored from. A detection that brings its geometry
 * (a fold catalogue) skips the assembly and the estimate. Any failure resolves to "serve raw"
 * with the reason, reported once. Pure: no nets run here.
 */
import { estimateGeometrySliced } from '../../../core/geometry/estimate.js';
import type { SectionGeometry } from '../../../core/geometry/fold_geometry.js';
import { runInSlices } from '../../../core/slices.js';
import { chooseNeighbours, NEIGHBOUR_REACH } from '../../../restoration/neighbours.js';
import { anyOverlaps, foldRegion } from '../../../restoration/regions.js';
import { meanSection } from '../../../restoration/section_read.js';
import type { ChunkGrid, RestoreEvent } from '../base.js';
import { assembleSection, type FetchChunk } from './section_assembly.js';
import type { DetectSection, SectionDetection } from './section_detector.js';
import type { SharedTaskCache } from './shared_tasks.js';

/** How a flagged section is restored: its geometry (detection-scale pixels) and the neighbours used. */
export interface SectionPlan {
  geometry: SectionGeometry;
  prev: number;
  next: number;
  /** e.g. "z − 1 is folded: used z − 2". */
  note?: string;
}

/** A plan, or null with the reason the raw section is served. */
export type PlannedSection = { plan: SectionPlan; failure?: undefined } | { plan: null; failure: string };

export type PlanSection = (z: number, detection: SectionDetection, signal: AbortSignal) => Promise<PlannedSection>;

export interface SectionPlannerOptions {
  volumeKey: string;
  /** Distinguishes plans of one section under different settings (e.g. the user's marks). */
  variant?(z: number): string;
  grid: ChunkGrid;
  /** Pixels of the training data per detection-scale pixel (the base scale's size / this grid's). */
  scale: number;
  fetchChunk: FetchChunk;
  detectSection: DetectSection;
  cache: SharedTaskCache<string, PlannedSection>;
  onEvent(event: RestoreEvent): void;
}

export function makeSectionPlanner(options: SectionPlannerOptions): PlanSection {
  const { volumeKey, grid, fetchChunk, detectSection, cache, onEvent } = options;
  const sectionCount = grid.upperVoxelBound[2];
  const estimated = async (
    z: number,
    choice: { prev: number; next: number },
    detection: SectionDetection,
    signal: AbortSignal,
  ): Promise<SectionGeometry> => {
    const [damaged, prev, next] = await Promise.all(
      [z, choice.prev, choice.next].map((n) => assembleSection(grid, n, fetchChunk, signal)),
    );
    // In slices: the worker's one thread also serves the other layers' chunks.
    const reference = meanSection(prev, next);
    return runInSlices(estimateGeometrySliced(detection, damaged, reference, { scale: options.scale }, signal), signal);
  };
  return (z, detection, signal) =>
    cache.get(
      `${volumeKey}/${z}/${options.variant?.(z) ?? ''}`,
      async (taskSignal) => {
        try {
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
          // A catalogue's geometry is used as it is: no section is assembled, whatever its size.
          const geometry = detection.geometry ?? (await estimated(z, choice, detection, taskSignal));
          if (!geometry.flagged) throw new Error(`section ${z}: no fold line to restore along`);
          return {
            plan: { geometry, prev: choice.prev, next: choice.next, ...(choice.note && { note: choice.note }) },
          };
        } catch (err) {
          if (taskSignal.aborted) throw err;
          const message = err instanceof Error ? err.message : String(err);
          onEvent({ state: 'failed', z, message });
          return { plan: null, failure: message };
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

/** Bytes a cached plan holds (a few vertices per fold). */
export function planBytes(planned: PlannedSection): number {
  return 256 + (planned.plan?.geometry.folds.reduce((n, f) => n + 48 * f.line.length, 0) ?? 0);
}
