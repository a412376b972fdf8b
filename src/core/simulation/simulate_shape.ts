import { type GrayImage, makeGray } from '../image.js';
import { bilinear, type SampledImage } from './bilinear.js';
import { curveField, type CurveField } from './curve_distance.js';
import type { FoldFlow } from './flow.js';
import type { CurveFold, FoldShape } from './fold_shape.js';
import type { SimulatedFold } from './simulate.js';

/** One curve fold on `image`; `mask` (0/1, the earlier bands) is carried through the same warp. */
function degradeOne(image: GrayImage, mask: GrayImage, fold: CurveFold, field: CurveField): [GrayImage, GrayImage] {
  const { width, height, data } = image;
  const { dist, dirX, dirY, L, pull } = field;
  const out = makeGray(width, height);
  const outMask = makeGray(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (dist[i] < L[i]) {
        out.data[i] = Math.floor(fold.bandGain * data[i] + 0.5);
        outMask.data[i] = 1;
        continue;
      }
      const m = Math.max(0, pull[i] - fold.s * (dist[i] - L[i]));
      const qx = x + m * dirX[i],
        qy = y + m * dirY[i];
      out.data[i] = Math.floor(bilinear(image, qx, qy) + 0.5);
      outMask.data[i] = bilinear(mask, qx, qy) >= 0.5 ? 1 : 0;
    }
  }
  return [out, outMask];
}

/** The straight model's flow label (flow.ts) with |D|, L and F − L read at the nearest curve point. */
function flowOne(fold: CurveFold, field: CurveField): FoldFlow {
  const { dist, dirX, dirY, L, pull } = field;
  const n = dist.length;
  const flow: FoldFlow = { fx: new Float32Array(n), fy: new Float32Array(n), valid: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    const D = dist[i],
      F = L[i] + pull[i];
    if (D < F) continue;
    const u = pull[i] - fold.s * (D - L[i]) <= 0 ? D - L[i] : (D - F) / (1 - fold.s);
    const shift = -(D - (L[i] + u));
    flow.fx[i] = shift * dirX[i];
    flow.fy[i] = shift * dirY[i];
    flow.valid[i] = 1;
  }
  return flow;
}

/** True when all four bilinear taps at (qx, qy) (edge-replicate) are valid. */
function tapsValid(valid: Uint8Array, width: number, height: number, qx: number, qy: number): boolean {
  const ix = Math.floor(qx),
    iy = Math.floor(qy);
  const c = (v: number, hi: number): number => (v < 0 ? 0 : v > hi ? hi : v);
  const x0 = c(ix, width - 1),
    x1 = c(ix + 1, width - 1),
    y0 = c(iy, height - 1),
    y1 = c(iy + 1, height - 1);
  return !!(valid[y0 * width + x0] && valid[y0 * width + x1] && valid[y1 * width + x0] && valid[y1 * width + x1]);
}

/**
 * Chains the clean-frame flows: clean q → q + f1(q) in the image after fold 1 → … A pixel is valid
 * when every stage's four taps are valid there.
 */
function compose(total: FoldFlow, next: FoldFlow, width: number, height: number): void {
  const fx: SampledImage = { width, height, data: next.fx };
  const fy: SampledImage = { width, height, data: next.fy };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!total.valid[i]) continue;
      const qx = x + total.fx[i],
        qy = y + total.fy[i];
      if (!tapsValid(next.valid, width, height, qx, qy)) {
        total.valid[i] = 0;
        total.fx[i] = 0;
        total.fy[i] = 0;
        continue;
      }
      total.fx[i] += bilinear(fx, qx, qy);
      total.fy[i] += bilinear(fy, qx, qy);
    }
  }
}

/** Applies the shape's folds one after another (docs/fold-model.md, "Curved folds"). */
export function simulateShape(image: GrayImage, shape: FoldShape): SimulatedFold {
  const { width, height } = image;
  let degraded = image;
  let mask = makeGray(width, height);
  let flow: FoldFlow | undefined;
  for (const fold of shape.folds) {
    const field = curveField(fold, width, height);
    [degraded, mask] = degradeOne(degraded, mask, fold, field);
    const own = flowOne(fold, field);
    if (flow) compose(flow, own, width, height);
    else flow = own;
  }
  return { degraded, mask, flow: flow! };
}
