/**
 * The dominant straight line through a component (Hough transform, then least squares on the
 * pixels near it). A fold band often merges with a thick membrane it crosses; the principal axis
 * of the merged component is then skewed, the Hough peak is not.
 */
import { addPoint, emptySums, principalAxis } from '../principal_axis.js';
import type { Line } from './polyline.js';

const ANGLES = 180;
/** More pixels than this add nothing to the peak's position but time: take every k-th. */
const MAX_VOTERS = 800;
const COS = Float64Array.from({ length: ANGLES }, (_, a) => Math.cos((Math.PI * a) / ANGLES));
const SIN = Float64Array.from({ length: ANGLES }, (_, a) => Math.sin((Math.PI * a) / ANGLES));

/** `pixels` are indices into a w×h grid; `halfWidth` is the band half-width (grid pixels). */
export function dominantLine(pixels: Int32Array, w: number, h: number, halfWidth: number): Line {
  const bin = Math.max(1, halfWidth);
  const diag = Math.hypot(w, h);
  const nBins = Math.ceil((2 * diag) / bin) + 2;
  const hist = new Uint32Array(nBins);
  const stride = Math.max(1, Math.ceil(pixels.length / MAX_VOTERS));
  let bestVotes = -1,
    bestA = 0,
    bestRho = 0;
  for (let a = 0; a < ANGLES; a++) {
    hist.fill(0);
    const c = COS[a],
      s = SIN[a];
    for (let k = 0; k < pixels.length; k += stride) {
      const i = pixels[k],
        x = i % w,
        y = (i - x) / w;
      hist[Math.floor((x * c + y * s + diag) / bin)]++;
    }
    // A band of half-width ~bin spans two bins.
    for (let b = 0; b + 1 < nBins; b++) {
      const votes = hist[b] + hist[b + 1];
      if (votes > bestVotes) {
        bestVotes = votes;
        bestA = a;
        bestRho = (b + 1) * bin - diag;
      }
    }
  }
  return leastSquares(pixels, w, COS[bestA], SIN[bestA], bestRho, 1.5 * bin);
}

/** Principal axis of the pixels within `tolerance` of the line x·cos + y·sin = rho. */
function leastSquares(pixels: Int32Array, w: number, c: number, s: number, rho: number, tolerance: number): Line {
  const m = emptySums();
  let n = 0;
  for (let k = 0; k < pixels.length; k++) {
    const i = pixels[k],
      x = i % w,
      y = (i - x) / w;
    if (Math.abs(x * c + y * s - rho) > tolerance) continue;
    n++;
    addPoint(m, x, y);
  }
  if (n < 2) return { cx: rho * c, cy: rho * s, ux: -s, uy: c };
  return principalAxis(n, m);
}
