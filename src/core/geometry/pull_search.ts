/**
 * How far a fold pulled the tissue beside it, found by registration: the damaged section
 * unfolded with a candidate pull (a, s) is compared with a reference (the neighbours' mean) over
 * pixels beside the band; the best normalised cross-correlation wins. The pixels are placed
 * relative to the fold's own centre polyline, so straight and curved folds are searched alike.
 */
import { boxMean } from '../detection/box_filter.js';
import type { FloatImage, GrayImage } from '../image.js';
import { bilinear } from '../simulation/bilinear.js';
import { runAtOnce, type Sliced } from '../slices.js';
import { newPlace, placeOnCurve, type PreparedCurve } from './curve_distance.js';
import { type FoldField, foldField, OUTSIDE, sourceBeyondBand, stepThroughAll } from './fold_field.js';
import { type FoldPull, type PullAlong, pullWhere } from './fold_geometry.js';

/** Clean pixels farther than this (reference pixels) from the line are left out: the pull has faded. */
const MAX_DISTANCE = 330;
/** Blur before matching: widens the basin of the search beyond the width of a membrane. */
const BLUR_RADIUS = 2;
/** The fold model's bounds (docs/fold-model.md): F ≤ 80, s ≤ 0.1, in pixels of the training data. */
const MAX_F = 80;
const MAX_S = 0.1;
/** Sample pixels per search stage at most: bounds the cost on large detection sections. */
const MAX_SAMPLES = 200_000;

export interface PullSearchOptions {
  /** Pixels of the training data per pixel of these images (coarser detection scales: > 1). */
  scale?: number;
  /** Which of `curves` to search; pixels nearer to another curve are left out. */
  index?: number;
  /**
   * Unfold the samples with the other curves' current pulls too (a later round of a joint search),
   * in order: the curves before `index` happened before it, those after it later. Where folds pull
   * the same tissue, each fold's pull is fitted to what the others leave.
   */
  withOthers?: boolean;
  /** How the pull may vary along the fold: each is tried, the best match wins (default: even). */
  alongs?: readonly PullAlong[];
}

/** A candidate of the search: the pull where the band is widest, and how it varies along the fold. */
export interface PullFit {
  pull: FoldPull;
  along: PullAlong;
}

interface Samples {
  /** Where the sample lies once the earlier folds are undone (the reference pixel itself when alone). */
  x: Float64Array;
  y: Float64Array;
  d: Float64Array;
  ex: Float64Array;
  ey: Float64Array;
  L: Float64Array;
  target: Float64Array;
  /** The later folds' warp, applied after this fold's (absent when alone). */
  after?: LaterWarp;
}

/** The later folds' warp over the whole frame, its planes as images for bilinear sampling. */
interface LaterWarp {
  field: FoldField;
  fx: FloatImage;
  fy: FloatImage;
}

/** The warp of the curves after `index` (undefined when there are none). */
function laterWarp(curves: PreparedCurve[], index: number, width: number, height: number): LaterWarp | undefined {
  const later = curves.slice(index + 1).map((c) => c.curve);
  if (later.length === 0) return undefined;
  const field = foldField(
    { frame: [width, height], flagged: true, score: 1, folds: later },
    { x: 0, y: 0, width, height },
  );
  return { field, fx: { width, height, data: field.fx }, fy: { width, height, data: field.fy } };
}

const toFloat = (img: GrayImage): FloatImage => ({
  width: img.width,
  height: img.height,
  data: Float32Array.from(img.data),
});

function samplesNear(
  curves: PreparedCurve[],
  index: number,
  reference: FloatImage,
  step: number,
  far: number,
  withOthers: boolean,
  after: LaterWarp | undefined,
): Samples {
  const { width, height } = reference;
  const cols: number[][] = [[], [], [], [], [], [], []];
  const place = newPlace(),
    other = newPlace();
  const before = withOthers ? curves.slice(0, index) : [];
  const at = { x: 0, y: 0 };
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      at.x = x;
      at.y = y;
      if (stepThroughAll(before, at, other) !== OUTSIDE) continue;
      placeOnCurve(curves[index], at.x, at.y, place);
      // Past a free end the pull fades: those pixels would blur the fit of (a, s).
      if (place.dist <= place.halfWidth || place.dist > far || place.fade < 1) continue;
      let nearest = true;
      for (let c = 0; c < curves.length && nearest; c++) {
        if (c === index) continue;
        placeOnCurve(curves[c], x, y, other);
        nearest = other.dist > place.dist;
      }
      if (!nearest) continue;
      const row = [at.x, at.y, place.dist, place.ex, place.ey, place.halfWidth, reference.data[y * width + x]];
      row.forEach((v, k) => cols[k].push(v));
    }
  }
  const [xs, ys, d, ex, ey, L, target] = cols.map((c) => Float64Array.from(c));
  return { x: xs, y: ys, d, ex, ey, L, target, after };
}

/** NCC of the damaged section unfolded with this pull against the reference, outside the lost strip. */
function matchScore(
  damaged: FloatImage,
  samples: Samples,
  { pull, along }: PullFit,
  rim: number,
  maxL: number,
): number {
  const { after } = samples;
  const here = { a: pull.a, s: pull.s };
  let n = 0,
    su = 0,
    sv = 0,
    suu = 0,
    svv = 0,
    suv = 0;
  for (let i = 0; i < samples.d.length; i++) {
    const D = samples.d[i],
      L = samples.L[i];
    here.a = pullWhere(pull.a, along, L, maxL);
    if (D < L + here.a) continue;
    const u = sourceBeyondBand(D, L, here);
    if (u < rim) continue;
    const back = D - (L + u);
    let px = samples.x[i] - back * samples.ex[i],
      py = samples.y[i] - back * samples.ey[i];
    if (after !== undefined) {
      const { width, height } = after.fx;
      const ix = Math.round(px),
        iy = Math.round(py);
      if (ix < 0 || iy < 0 || ix >= width || iy >= height) continue;
      if (after.field.lost[iy * width + ix]) continue;
      const dx = bilinear(after.fx, px, py),
        dy = bilinear(after.fy, px, py);
      px += dx;
      py += dy;
    }
    const p = bilinear(damaged, px, py);
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

function* best(candidates: PullFit[], score: (p: PullFit) => number): Sliced<PullFit> {
  let top = candidates[0],
    topScore = -Infinity;
  for (const c of candidates) {
    yield;
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

/** Sample spacing so that a stage sees at most MAX_SAMPLES pixels of the band's surroundings. */
function sampleStep(base: number, curve: PreparedCurve, far: number, width: number, height: number): number {
  let length = 0;
  for (let i = 0; i < curve.len2.length; i++) length += Math.sqrt(curve.len2[i]);
  const area = Math.min(width * height, Math.max(width, height, length) * 2 * far);
  return Math.max(base, Math.ceil(Math.sqrt(area / MAX_SAMPLES)));
}

/**
 * The pull of fold `index` of `curves` (both sides pooled: a residual translation between the
 * section and its neighbours biases the sides in opposite directions, the pooled fit cancels it).
 * Coarse grid on sparse pixels, then a finer grid around the winner on denser ones.
 */
export function searchPull(
  damaged: GrayImage,
  reference: GrayImage,
  curves: PreparedCurve[],
  options: PullSearchOptions = {},
  signal?: AbortSignal,
): PullFit {
  return runAtOnce(searchPullSliced(damaged, reference, curves, options, signal));
}

/** searchPull as steps that may pause between candidates (core/slices.ts). */
export function* searchPullSliced(
  damaged: GrayImage,
  reference: GrayImage,
  curves: PreparedCurve[],
  options: PullSearchOptions = {},
  signal?: AbortSignal,
): Sliced<PullFit> {
  const k = options.scale ?? 1;
  const index = options.index ?? 0;
  const curve = curves[index];
  const dmg = boxMean(toFloat(damaged), BLUR_RADIUS);
  yield;
  const ref = boxMean(toFloat(reference), BLUR_RADIUS);
  yield;
  const L = Math.max(...curve.curve.halfWidths);
  const rim = curve.curve.rim ?? 0;
  const maxA = Math.max(1, (MAX_F - L * k) / k);
  const far = Math.max(4 * (L + maxA), MAX_DISTANCE / k);
  const { width, height } = damaged;
  const withOthers = options.withOthers ?? false;
  // One warp of the later folds serves both the sparse and the dense samples.
  const after = withOthers ? laterWarp(curves, index, width, height) : undefined;
  yield;
  const sparse = samplesNear(curves, index, ref, sampleStep(4, curve, far, width, height), far, withOthers, after);
  const stepA = Math.max(0.25, 2 / k);
  const coarse: PullFit[] = [];
  for (const along of options.alongs ?? ['even']) {
    for (const a of range(stepA / 2, maxA, stepA))
      for (const s of [0.0025, ...range(0.005, MAX_S, 0.0095)]) coarse.push({ pull: { a, s }, along });
  }
  const first = yield* best(coarse, (p) => matchScore(dmg, sparse, p, rim, L));
  signal?.throwIfAborted();
  const dense = samplesNear(curves, index, ref, sampleStep(2, curve, far, width, height), far, withOthers, after);
  const fine: PullFit[] = [];
  const { pull: at, along } = first;
  for (const a of range(Math.max(stepA / 2, at.a - stepA), Math.min(maxA, at.a + stepA), stepA / 4)) {
    for (const s of range(Math.max(1e-5, at.s - 0.01), Math.min(MAX_S, at.s + 0.01), 0.002))
      fine.push({ pull: { a, s }, along });
  }
  // A finer stage on unblurred pixels was tried: no better on average, three times slower.
  return yield* best(fine, (p) => matchScore(dmg, dense, p, rim, L));
}
