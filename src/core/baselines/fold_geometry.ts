import type { FoldDetection } from '../detection/index.js';
import type { GrayImage } from '../image.js';
import { principalAxisOfPoints } from '../principal_axis.js';

/** A straight fold estimated from a detected band: a point, the unit direction and the half-width. */
export interface FoldEstimate {
  cx: number;
  cy: number;
  ux: number;
  uy: number;
  L: number;
}

/** Mask pixels this far from the longest segment's line belong to its fold (others: other folds). */
const NEAR = 60;

/**
 * Fits a line to the band pixels of the longest detected segment (principal axis) and the
 * half-width to their spread across it. Detection's segments come from a coarse grid; the mask is
 * full resolution, so the fit is the better line.
 */
export function estimateFold(detection: FoldDetection): FoldEstimate | undefined {
  const { mask, segments } = detection;
  if (!detection.flagged || segments.length === 0) return undefined;
  const [x0, y0, x1, y1] = segments.reduce((a, b) =>
    Math.hypot(b[2] - b[0], b[3] - b[1]) > Math.hypot(a[2] - a[0], a[3] - a[1]) ? b : a,
  );
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len === 0) return undefined;
  const points = bandPoints(mask, (x, y) => Math.abs(((x - x0) * -(y1 - y0) + (y - y0) * (x1 - x0)) / len) < NEAR);
  if (points.length < 20) return undefined;
  const n = points.length / 2;
  const { cx, cy, ux, uy } = principalAxisOfPoints(points);
  // Band pixels satisfy |d| < L: the spread across the line, less a rare stray pixel, bounds L.
  const across = new Float64Array(n);
  for (let i = 0; i < points.length; i += 2)
    across[i / 2] = Math.abs((points[i] - cx) * -uy + (points[i + 1] - cy) * ux);
  across.sort();
  const L = Math.max(1, Math.floor(across[Math.floor(0.995 * (n - 1))]) + 1);
  return { cx, cy, ux, uy, L };
}

/** How far from the fitted line the band edges are looked for, and the profile's bin size. */
const PROFILE = 100;
const BIN = 0.25;

/** Band edges across the line (distances where the profile climbs past halfway), or undefined. */
interface Edges {
  lo: number;
  hi: number;
  /** Mean position along the line of the pixels profiled. */
  along: number;
}

/**
 * Mean of the damaged section per distance across the line (bins of BIN px), over the pixels whose
 * position along the line has the given sign (0: all). The band is where it drops to its low level.
 */
function bandEdges(damaged: GrayImage, fold: FoldEstimate, side: -1 | 0 | 1): Edges | undefined {
  const bins = Math.round((2 * PROFILE) / BIN);
  const sums = new Float64Array(bins),
    counts = new Float64Array(bins);
  const nx = -fold.uy,
    ny = fold.ux;
  let along = 0,
    n = 0;
  for (let y = 0; y < damaged.height; y++) {
    for (let x = 0; x < damaged.width; x++) {
      const t = (x - fold.cx) * fold.ux + (y - fold.cy) * fold.uy;
      if (side !== 0 && Math.sign(t) !== side) continue;
      const k = Math.floor(((x - fold.cx) * nx + (y - fold.cy) * ny + PROFILE) / BIN);
      if (k < 0 || k >= bins) continue;
      sums[k] += damaged.data[y * damaged.width + x];
      counts[k]++;
      along += t;
      n++;
    }
  }
  const level = (k: number): number => (counts[k] > 0 ? sums[k] / counts[k] : NaN);
  const centre = bins / 2;
  const margin = Math.round(20 / BIN);
  const outer = [...Array(margin).keys()]
    .flatMap((k) => [level(k), level(bins - 1 - k)])
    .filter((v) => !Number.isNaN(v));
  if (outer.length === 0 || Number.isNaN(level(centre))) return undefined;
  const halfway = (level(centre) + outer.reduce((a, b) => a + b, 0) / outer.length) / 2;
  const edge = (step: 1 | -1): number | undefined => {
    for (let k = centre; k > 0 && k < bins - 1; k += step) {
      const v = level(k);
      if (!Number.isNaN(v) && v > halfway) return (k + (step > 0 ? 0 : 1)) * BIN - PROFILE;
    }
    return undefined;
  };
  const hi = edge(1),
    lo = edge(-1);
  return hi === undefined || lo === undefined ? undefined : { lo, hi, along: along / n };
}

/**
 * The detector's mask is generous at the band edge; the damaged section itself says where the band
 * is. The band's centre in each half of the line fixes position and angle (sub-pixel, where a
 * degree off means pixels off at the far end), then the full profile's edge-to-edge width gives L.
 */
export function refineBand(damaged: GrayImage, fold: FoldEstimate): FoldEstimate {
  const nx = -fold.uy,
    ny = fold.ux;
  let line = fold;
  const a = bandEdges(damaged, fold, -1),
    b = bandEdges(damaged, fold, 1);
  if (a !== undefined && b !== undefined && b.along - a.along > 20) {
    const point = (e: Edges): [number, number] => {
      const mid = (e.lo + e.hi) / 2;
      return [fold.cx + e.along * fold.ux + mid * nx, fold.cy + e.along * fold.uy + mid * ny];
    };
    const [ax, ay] = point(a),
      [bx, by] = point(b);
    const len = Math.hypot(bx - ax, by - ay);
    line = { ...fold, cx: (ax + bx) / 2, cy: (ay + by) / 2, ux: (bx - ax) / len, uy: (by - ay) / len };
  }
  const all = bandEdges(damaged, line, 0);
  if (all === undefined) return line;
  const shift = (all.hi + all.lo) / 2;
  return {
    ...line,
    cx: line.cx - shift * line.uy,
    cy: line.cy + shift * line.ux,
    L: Math.max(1, Math.round((all.hi - all.lo) / 2)),
  };
}

function bandPoints(mask: GrayImage, keep: (x: number, y: number) => boolean): Float64Array {
  const out: number[] = [];
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) if (mask.data[y * mask.width + x] && keep(x, y)) out.push(x, y);
  }
  return Float64Array.from(out);
}
