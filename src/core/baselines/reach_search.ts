import { boxMean } from '../detection/box_filter.js';
import type { FloatImage, GrayImage } from '../image.js';
import { bilinear } from '../simulation/index.js';
import type { FoldEstimate } from './fold_geometry.js';

/** Displacement of a fold: a = F − L at the band edge, decaying with slope s (docs/fold-model.md). */
export interface Reach {
  a: number;
  s: number;
}

/** Clean pixels farther than this from the line are left out of the match: the pull has faded. */
const MAX_DISTANCE = 330;
/** Blur before matching: widens the basin of the search beyond the width of a membrane. */
const BLUR_RADIUS = 2;

const toFloat = (img: GrayImage): FloatImage => ({
  width: img.width,
  height: img.height,
  data: Float32Array.from(img.data),
});

/** Sample pixels on a regular grid near the fold, with their signed distance. */
interface Samples {
  x: Int32Array;
  y: Int32Array;
  d: Float64Array;
  target: Float64Array;
}

function samplesNear(fold: FoldEstimate, reference: FloatImage, step: number): Samples {
  const { width, height } = reference;
  const nx = -fold.uy,
    ny = fold.ux;
  const xs: number[] = [],
    ys: number[] = [],
    ds: number[] = [],
    ts: number[] = [];
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const d = (x - fold.cx) * nx + (y - fold.cy) * ny;
      if (Math.abs(d) <= fold.L || Math.abs(d) > MAX_DISTANCE) continue;
      xs.push(x);
      ys.push(y);
      ds.push(d);
      ts.push(reference.data[y * width + x]);
    }
  }
  return { x: Int32Array.from(xs), y: Int32Array.from(ys), d: Float64Array.from(ds), target: Float64Array.from(ts) };
}

/**
 * Normalised cross-correlation between the damaged section unfolded with this reach and the
 * reference (the neighbours' mean), over clean pixels outside the lost strip |D| < F.
 */
function matchScore(damaged: FloatImage, fold: FoldEstimate, samples: Samples, { a, s }: Reach): number {
  const nx = -fold.uy,
    ny = fold.ux,
    L = fold.L,
    F = L + a;
  let n = 0,
    su = 0,
    sv = 0,
    suu = 0,
    svv = 0,
    suv = 0;
  for (let i = 0; i < samples.d.length; i++) {
    const D = samples.d[i],
      absD = Math.abs(D);
    if (absD < F) continue;
    const u = a - s * (absD - L) <= 0 ? absD - L : (absD - F) / (1 - s);
    const back = (absD - (L + u)) * Math.sign(D);
    const p = bilinear(damaged, samples.x[i] - back * nx, samples.y[i] - back * ny);
    const q = samples.target[i];
    n++;
    su += p;
    sv += q;
    suu += p * p;
    svv += q * q;
    suv += p * q;
  }
  if (n < 50) return -Infinity;
  const cov = suv - (su * sv) / n;
  const var0 = suu - (su * su) / n,
    var1 = svv - (sv * sv) / n;
  return var0 > 0 && var1 > 0 ? cov / Math.sqrt(var0 * var1) : -Infinity;
}

function best(candidates: Reach[], score: (r: Reach) => number): Reach {
  let top = candidates[0],
    topScore = -Infinity;
  for (const c of candidates) {
    const v = score(c);
    if (v > topScore) {
      topScore = v;
      top = c;
    }
  }
  return top;
}

const range = (lo: number, hi: number, step: number): number[] =>
  Array.from({ length: Math.floor((hi - lo) / step + 1e-9) + 1 }, (_, k) => lo + k * step);

/** A grid of reaches around `centre`, within the model's bounds. */
function around(centre: Reach, maxA: number, da: number, stepA: number, ds: number, stepS: number): Reach[] {
  const out: Reach[] = [];
  for (const a of range(Math.max(1, centre.a - da), Math.min(maxA, centre.a + da), stepA)) {
    for (const s of range(Math.max(1e-5, centre.s - ds), Math.min(0.1, centre.s + ds), stepS)) out.push({ a, s });
  }
  return out;
}

/**
 * Finds the fold's reach by registration: coarse grid on a sparse pixel grid, then a finer grid
 * around the winner on a denser one. The fold model bounds the search (F ≤ 80, s ≤ 0.1).
 */
export function searchReach(damaged: GrayImage, reference: GrayImage, fold: FoldEstimate, signal?: AbortSignal): Reach {
  const dmg = boxMean(toFloat(damaged), BLUR_RADIUS);
  const ref = boxMean(toFloat(reference), BLUR_RADIUS);
  const maxA = Math.max(1, 80 - fold.L);
  const sparse = samplesNear(fold, ref, 4);
  const coarse: Reach[] = [];
  for (const a of range(1, maxA, 2)) for (const s of [0.0025, ...range(0.005, 0.1, 0.0095)]) coarse.push({ a, s });
  const first = best(coarse, (r) => matchScore(dmg, fold, sparse, r));
  signal?.throwIfAborted();
  const dense = samplesNear(fold, ref, 2);
  // A finer stage on unblurred pixels was tried: no better on average, three times slower.
  return best(around(first, maxA, 2, 0.5, 0.01, 0.002), (r) => matchScore(dmg, fold, dense, r));
}
