/**
 * A section's fold geometry from its detection: per detected fold the centre polyline, the band
 * half-width measured on the mask and grown over the damaged rims, and the pull found by
 * registering against the neighbours. Runs once per section on the detection scale.
 */
import type { DetectedFold, FoldDetection } from '../detection/index.js';
import type { GrayImage } from '../image.js';
import { newPlace, placeOnCurve, prepareCurve } from './curve_distance.js';
import type { FoldCurve, SectionGeometry } from './fold_geometry.js';
import { searchPull } from './pull_search.js';

export interface EstimateOptions {
  /** Pixels of the training data per pixel of these images (coarser detection scales: > 1). */
  scale?: number;
  /** Pixels the band is grown by (default: a third of its half-width, 4–12 px of training data). */
  bandPadding?: number;
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
  const curves = folds.map((f) =>
    prepareCurve({
      line: f.line,
      halfWidths: f.halfWidths,
      pull: [
        { a: 0, s: 0.1 },
        { a: 0, s: 0.1 },
      ],
      score: 1,
    }),
  );
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
  const frame: [number, number] = [damaged.width, damaged.height];
  const folds = detection.flagged ? detection.folds.filter((f) => f.line.length >= 2) : [];
  if (folds.length === 0) return { frame, flagged: false, score: detection.score, folds: [] };
  const scale = options.scale ?? 1;
  const widths = measuredHalfWidths(detection.mask, folds);
  const curves: FoldCurve[] = folds.map((f, i) => {
    const L = widths[i] + (options.bandPadding ?? defaultPadding(widths[i], scale));
    return {
      line: f.line.map(([x, y]) => [x, y]),
      halfWidths: f.line.map(() => L),
      pull: [
        { a: 0, s: 0.1 },
        { a: 0, s: 0.1 },
      ],
      score: detection.score,
    };
  });
  const prepared = curves.map(prepareCurve);
  curves.forEach((curve, index) => {
    signal?.throwIfAborted();
    const pull = searchPull(damaged, reference, prepared, { scale, index }, signal);
    curve.pull = [{ ...pull }, { ...pull }];
  });
  return { frame, flagged: true, score: detection.score, folds: curves };
}
