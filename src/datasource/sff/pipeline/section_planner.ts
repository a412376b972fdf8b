/**
 * The plan of a flagged section, shared by all chunks (and scales) showing it: pick clean
 * neighbours (detecting them as needed), assemble the three sections at the detection scale, and
 * estimate the fold geometry there — centre lines, band widths and pull, a few hundred bytes,
 * which every block at every scale is then restored from. First a guess, with z ± 1 taken as
 * clean before they are detected; then the checked plan. A detection that brings its geometry
 * (a fold catalogue) skips the assembly and the estimate. Any failure resolves to "serve raw"
 * with the reason, reported once. Pure: no nets run here.
 */
import { estimateGeometrySliced } from '../../../core/geometry/estimate.js';
import type { SectionGeometry } from '../../../core/geometry/fold_geometry.js';
import { runInSlices } from '../../../core/slices.js';
import { chooseNeighbours, NEIGHBOUR_REACH, type NeighbourChoice } from '../../../restoration/neighbours.js';
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
  /**
   * Resolves when the checked plan may detect the neighbours: once what the guess restores is
   * on screen. Their detections take most of a plan's time on the worker's one thread, and the
   * guess's blocks should not share it with them. Default: at once.
   */
  beforeNeighbours?(z: number, signal: AbortSignal): Promise<void>;
}

/**
 * The checked plan, and its guess: the plan made with z ± 1 as the neighbours before they are
 * detected (two detections of the section's size, most of a plan's time, and nearly always
 * clean). The viewer restores from the guess meanwhile; the checked plan is the guess itself
 * when the neighbours turn out usable, else a plan of its own (with other neighbours).
 */
export function makeSectionPlanner(options: SectionPlannerOptions): PlanSection & { guess: PlanSection } {
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
  const failed = (z: number, err: unknown, signal: AbortSignal, report: boolean): PlannedSection => {
    if (signal.aborted) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (report) onEvent({ state: 'failed', z, message });
    return { plan: null, failure: message };
  };
  const planned = async (
    z: number,
    choice: NeighbourChoice,
    detection: SectionDetection,
    signal: AbortSignal,
  ): Promise<PlannedSection> => {
    // Pixels of missing chunks are 0, not tissue: a damaged section missing chunks where it would
    // be restored is served raw.
    if (anyOverlaps(detection.missing ?? [], regionOf(detection))) {
      throw new Error(`section ${z} has missing chunks in its fold region`);
    }
    // A catalogue's geometry is used as it is: no section is assembled, whatever its size.
    const geometry = detection.geometry ?? (await estimated(z, choice, detection, signal));
    if (!geometry.flagged) throw new Error(`section ${z}: no fold line to restore along`);
    return { plan: { geometry, prev: choice.prev, next: choice.next, ...(choice.note && { note: choice.note }) } };
  };
  const keyOf = (z: number): string => `${volumeKey}/${z}/${options.variant?.(z) ?? ''}`;
  const guess: PlanSection = (z, detection, signal) =>
    cache.get(
      `${keyOf(z)}/guess`,
      async (taskSignal) => {
        try {
          return await planned(
            z,
            chooseNeighbours(z, sectionCount, () => false),
            detection,
            taskSignal,
          );
        } catch (err) {
          // Not reported: the checked plan meets the same failure and reports it.
          return failed(z, err, taskSignal, false);
        }
      },
      signal,
    );
  const checked: PlanSection = (z, detection, signal) =>
    cache.get(
      keyOf(z),
      async (taskSignal) => {
        try {
          // The guess first, alone: its restored pixels are what the viewer shows meanwhile.
          const guessed = await guess(z, detection, taskSignal);
          await options.beforeNeighbours?.(z, taskSignal);
          // Sections with missing chunks in the region used are no neighbours.
          const unusable = await unusableNear(z, sectionCount, detectSection, regionOf(detection), taskSignal);
          const choice = chooseNeighbours(
            z,
            sectionCount,
            (n) => unusable.has(n),
            (n) => unusable.get(n) ?? 'flagged',
          );
          const same = guessed.plan?.prev === choice.prev && guessed.plan.next === choice.next;
          if (same && guessed.plan?.note === choice.note) return guessed;
          return await planned(z, choice, detection, taskSignal);
        } catch (err) {
          return failed(z, err, taskSignal, true);
        }
      },
      signal,
    );
  return Object.assign(checked, { guess });
}

function regionOf(detection: SectionDetection): ReturnType<typeof foldRegion> | null {
  return detection.mask.width > 0 ? foldRegion(detection.mask) : null;
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
