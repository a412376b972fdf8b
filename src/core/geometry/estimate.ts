/**
 * A section's fold geometry from its detection: per detected fold the centre polyline, the band
 * half-width measured on the mask and grown over the damaged rims, and the pull found by
 * registering against the neighbours. Runs once per section on the detection scale.
 */
import { estimateFold, type FoldEstimate, refineBand } from '../baselines/fold_geometry.js';
import type { DetectedFold, FoldDetection } from '../detection/index.js';
import type { GrayImage } from '../image.js';
import { runAtOnce, type Sliced } from '../slices.js';
import { newPlace, placeOnCurve, prepareCurve } from './curve_distance.js';
import { foldEnds } from './fold_ends.js';
import { type FoldCurve, PULL_ALONG, type PullAlong, type SectionGeometry } from './fold_geometry.js';
import { foldOrder, linesInTheirFrames } from './fold_order.js';
import { searchPullSliced } from './pull_search.js';
import { refineCurve } from './refine_curve.js';

export interface EstimateOptions {
  /** Pixels of the training data per pixel of these images (coarser detection scales: > 1). */
  scale?: number;
  /** Damaged rims lost beside the band, pixels (default: a third of its half-width, 4–12 px of training data). */
  bandPadding?: number;
  /** Rounds of the pull search over several folds, each fold refitted with the others' pulls applied. */
  jointRounds?: number;
  /** Refine curved (and several) folds' lines and half-widths on the damaged section's cross-profiles. */
  refineCurves?: boolean;
}

/**
 * Rounds of the pull search over several folds (the first alone, then each with the others
 * applied). Dev sections (Gerhard 2–11, seed 7, 4 multi cases, unfold + mean fill): true lines 12.86 dB
 * with 1 round, 14.86 with 2, 15.63 with 3 (the true pulls: 17.26).
 */
const JOINT_ROUNDS = 3;

/**
 * A band this much wider at its widest than at its narrowest varies along the fold (not only by
 * the measurement's noise): its pull may vary too, each way is searched.
 */
const VARYING_WIDTH = 1.3;

/**
 * The ways a fold's pull may vary along it (PullAlong) to search. Only a section's lone fold: where
 * folds cross or branch, the widths measured near the other band vary by 1.4–2.5× along folds of
 * one width, and the ways chosen there cost 1.2 dB (dev: 4 branch cases, 15.24 → 14.08 dB).
 */
function pullAlongs(folds: FoldCurve[], halfWidths: number[]): readonly PullAlong[] {
  const varies = Math.max(...halfWidths) >= VARYING_WIDTH * Math.min(...halfWidths);
  return folds.length === 1 && varies ? PULL_ALONG : ['even'];
}

/** A detected fold as a curve with no pull yet: its line and the half-widths measured across its mask. */
function bandCurve(fold: DetectedFold): FoldCurve {
  return {
    line: fold.line.map(([x, y]): [number, number] => [x, y]),
    halfWidths: [...fold.halfWidths],
    pull: [
      { a: 0, s: 0.1 },
      { a: 0, s: 0.1 },
    ],
    score: fold.score,
  };
}

/**
 * What the detector alone says about the band (frame: the detection grid), before any geometry is
 * estimated: enough to draw the band at any scale, nothing to unfold with.
 */
export function detectedBand(detection: FoldDetection): SectionGeometry {
  const folds = detection.flagged ? detection.folds.filter((f) => f.line.length >= 2) : [];
  return {
    frame: [detection.mask.width, detection.mask.height],
    flagged: folds.length > 0,
    score: detection.score,
    folds: folds.map(bandCurve),
  };
}

/** Mask pixels within this many band half-widths of a line count towards its width. */
const NEAR_WIDTHS = 3;

/**
 * Half-width of each fold's band from the mask pixels nearest to it: across a band of half-width
 * L the distance to the centre line is uniform on [0, L], so L is twice the median distance —
 * robust to dark anatomy glued to the band, which a high percentile is not (on a 4096² detection
 * scale the 99.5th percentile read 13 px for a 3 px band).
 */
function measuredHalfWidths(mask: GrayImage, folds: DetectedFold[]): number[] {
  const curves = folds.map((f) => prepareCurve(bandCurve(f)));
  const dists: number[][] = folds.map(() => []);
  const place = newPlace();
  const reach = folds.map((f) => NEAR_WIDTHS * Math.max(...f.halfWidths) + 4);
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (!mask.data[y * mask.width + x]) continue;
      let nearest = -1,
        nearestDist = Infinity;
      curves.forEach((c, i) => {
        placeOnCurve(c, x, y, place);
        if (place.dist < nearestDist && place.dist < reach[i]) {
          nearest = i;
          nearestDist = place.dist;
        }
      });
      if (nearest >= 0) dists[nearest].push(nearestDist);
    }
  }
  return dists.map((d, i) => {
    if (d.length < 20) return Math.max(1, Math.max(...folds[i].halfWidths));
    d.sort((a, b) => a - b);
    return Math.max(1, Math.round(2 * d[Math.floor(d.length / 2)] + 0.5));
  });
}

/**
 * A lone straight fold that ends in the tissue tapers there (band and pull: docs/fold-model.md):
 * its half-widths measured per station along the fitted line (refineCurve), the stations put back
 * on the line. Undefined when both ends run out of the section, or the stations show no band.
 */
function taperedStraight(
  damaged: GrayImage,
  { line, L }: { line: [number, number][]; L: number },
  frame: [number, number],
): { line: [number, number][]; halfWidths: number[] } | undefined {
  if (!foldEnds(line, frame, L).includes('free')) return undefined;
  const refined = refineCurve(damaged, line, L);
  if (refined === undefined) return undefined;
  const [[x0, y0], [x1, y1]] = [line[0], line[line.length - 1]];
  const len = Math.hypot(x1 - x0, y1 - y0);
  const ux = (x1 - x0) / len,
    uy = (y1 - y0) / len;
  // Stations span the fitted line's ends: clamp so the line keeps its length.
  const onLine = refined.line.map(([x, y]): [number, number] => {
    const t = Math.min(len, Math.max(0, (x - x0) * ux + (y - y0) * uy));
    return [x0 + t * ux, y0 + t * uy];
  });
  return { line: [line[0], ...onLine.slice(1, -1), line[line.length - 1]], halfWidths: refined.halfWidths };
}

/** Vertices this far (px) from the chord between a line's ends: the fold is straight. */
const STRAIGHT_TOLERANCE = 1.5;

/**
 * A lone straight fold's line and half-width refined from the damaged section's own cross-profile
 * (the classic baseline's sub-pixel fit): the detector's centre line comes from a coarse grid, and
 * where every pixel is displaced a pixel of line error costs dB (dev: 30 400² crops of Gerhard
 * 1–12, full 16.17 → 16.42 dB; classic-unfold 17.29). The refinement starts from `fit`, the line
 * fitted to the full-resolution mask, when there is one: the chord of the coarse polyline can be
 * several degrees off and the refinement does not recover from that (dev: 60 400² crops, seed 1,
 * mean angle error 1.26° → 1.02°, full 17.32 → 17.41 dB). Curved or several folds keep the detector's line.
 */
function refinedStraight(
  damaged: GrayImage,
  fold: DetectedFold,
  L: number,
  fit: FoldEstimate | undefined,
): { line: [number, number][]; L: number } | undefined {
  const [x0, y0] = fold.line[0],
    [x1, y1] = fold.line[fold.line.length - 1];
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len < 20) return undefined;
  const ux = (x1 - x0) / len,
    uy = (y1 - y0) / len;
  const off = (x: number, y: number): number => Math.abs((x - x0) * -uy + (y - y0) * ux);
  if (fold.line.some(([x, y]) => off(x, y) > STRAIGHT_TOLERANCE)) return undefined;
  const r = refineBand(
    damaged,
    fit === undefined ? { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, ux, uy, L } : { ...fit, L },
  );
  const along = (x: number, y: number): number => (x - r.cx) * r.ux + (y - r.cy) * r.uy;
  const at = (t: number): [number, number] => [r.cx + t * r.ux, r.cy + t * r.uy];
  return { line: [at(along(x0, y0)), at(along(x1, y1))], L: r.L };
}

/** The rims beside a real fold's band are damaged too: a third of the half-width, 4–12 px of training data. */
export function defaultPadding(halfWidth: number, scale = 1): number {
  const training = Math.min(12, Math.max(4, Math.round((halfWidth * scale) / 3)));
  return Math.max(1, Math.round(training / scale));
}

/**
 * The geometry of a flagged section (frame: the detection grid). `reference` is what the unfolded
 * section should look like beside the band: the mean of its clean neighbours.
 */
export function estimateGeometry(
  detection: FoldDetection,
  damaged: GrayImage,
  reference: GrayImage,
  options: EstimateOptions = {},
  signal?: AbortSignal,
): SectionGeometry {
  return runAtOnce(estimateGeometrySliced(detection, damaged, reference, options, signal));
}

/** estimateGeometry as steps that may pause (core/slices.ts): the chunk worker runs it in slices. */
export function* estimateGeometrySliced(
  detection: FoldDetection,
  damaged: GrayImage,
  reference: GrayImage,
  options: EstimateOptions = {},
  signal?: AbortSignal,
): Sliced<SectionGeometry> {
  const frame: [number, number] = [damaged.width, damaged.height];
  const folds = detection.flagged ? detection.folds.filter((f) => f.line.length >= 2) : [];
  if (folds.length === 0) return { frame, flagged: false, score: detection.score, folds: [] };
  const scale = options.scale ?? 1;
  const widths = measuredHalfWidths(detection.mask, folds);
  const refineCurves = options.refineCurves ?? true;
  const fit = folds.length === 1 ? estimateFold(detection) : undefined;
  yield;
  const found: FoldCurve[] = folds.map((f, i) => {
    const straight = folds.length === 1 ? refinedStraight(damaged, f, widths[i], fit) : undefined;
    const curved = straight === undefined && refineCurves ? refineCurve(damaged, f.line, widths[i]) : undefined;
    const tapered = straight && refineCurves ? taperedStraight(damaged, straight, frame) : undefined;
    const line = tapered?.line ?? straight?.line ?? curved?.line ?? f.line.map(([x, y]): [number, number] => [x, y]);
    const halfWidths = tapered?.halfWidths ?? curved?.halfWidths ?? line.map(() => straight?.L ?? widths[i]);
    const L = Math.max(...halfWidths);
    const rim = options.bandPadding ?? defaultPadding(L, scale);
    return {
      line,
      halfWidths,
      rim,
      pull: [
        { a: 0, s: 0.1 },
        { a: 0, s: 0.1 },
      ],
      score: detection.score,
    };
  });
  found.forEach((c, i) => {
    const L = Math.max(...c.halfWidths) + (c.rim ?? 0);
    c.ends = foldEnds(c.line, frame, L, [...found.slice(0, i), ...found.slice(i + 1)]);
  });
  const curves = foldOrder(found).map((i) => found[i]);
  const seen = curves.map((c) => ({ line: c.line, halfWidths: c.halfWidths }));
  yield;
  const rounds = curves.length > 1 ? (options.jointRounds ?? JOINT_ROUNDS) : 1;
  for (let round = 0; round < rounds; round++) {
    const prepared = curves.map(prepareCurve);
    for (const [index, curve] of curves.entries()) {
      signal?.throwIfAborted();
      const search = { scale, index, withOthers: round > 0, alongs: pullAlongs(curves, curve.halfWidths) };
      const { pull, along } = yield* searchPullSliced(damaged, reference, prepared, search, signal);
      curve.pull = [{ ...pull }, { ...pull }];
      if (along !== 'even') curve.pullAlong = along;
    }
    if (curves.length > 1) linesInTheirFrames(curves, seen);
  }
  return { frame, flagged: true, score: detection.score, folds: curves };
}
