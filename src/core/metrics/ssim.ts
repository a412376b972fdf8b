import type { GrayImage } from '../image.js';
import { MetricsError } from './errors.js';
import { pairInRegion, type RegionSpec } from './region.js';

const WIN = 7;
const K1 = 0.01;
const K2 = 0.03;

/** Summed-area tables of X, Y, X², Y², XY, each (width + 1) × (height + 1), in float64. */
function integrals(x: GrayImage, y: GrayImage): Float64Array[] {
  const { width, height } = x;
  const w1 = width + 1;
  const tables = Array.from({ length: 5 }, () => new Float64Array(w1 * (height + 1)));
  const [tx, ty, txx, tyy, txy] = tables;
  for (let r = 0; r < height; r++) {
    let sx = 0,
      sy = 0,
      sxx = 0,
      syy = 0,
      sxy = 0;
    for (let c = 0; c < width; c++) {
      const a = x.data[r * width + c],
        b = y.data[r * width + c];
      sx += a;
      sy += b;
      sxx += a * a;
      syy += b * b;
      sxy += a * b;
      const up = r * w1 + c + 1,
        here = up + w1;
      tx[here] = tx[up] + sx;
      ty[here] = ty[up] + sy;
      txx[here] = txx[up] + sxx;
      tyy[here] = tyy[up] + syy;
      txy[here] = txy[up] + sxy;
    }
  }
  return tables;
}

/**
 * Mean SSIM exactly as scikit-image `structural_similarity` with its defaults on uint8: 7×7 uniform
 * window, K1 = 0.01, K2 = 0.03, data range 255, sample covariance (ddof = 1), averaged over the
 * image cropped by 3 px — where every window lies inside the image, so the filter's edge mode never
 * matters and box sums from integral images (exact integers in float64) give the same numbers.
 */
export function ssim(a: GrayImage, b: GrayImage, region?: RegionSpec, dataRange = 255): number {
  const [x, y] = pairInRegion(a, b, region);
  const { width, height } = x;
  if (width < WIN || height < WIN) {
    throw new MetricsError(`SSIM needs at least ${WIN}×${WIN} pixels, got ${width}×${height}`);
  }
  const [tx, ty, txx, tyy, txy] = integrals(x, y);
  const np = WIN * WIN;
  const covNorm = np / (np - 1);
  const c1 = (K1 * dataRange) ** 2;
  const c2 = (K2 * dataRange) ** 2;
  const w1 = width + 1;
  let total = 0;
  for (let top = 0; top + WIN <= height; top++) {
    for (let left = 0; left + WIN <= width; left++) {
      const i00 = top * w1 + left,
        i01 = i00 + WIN,
        i10 = i00 + WIN * w1,
        i11 = i10 + WIN;
      const ux = (tx[i11] - tx[i01] - tx[i10] + tx[i00]) / np;
      const uy = (ty[i11] - ty[i01] - ty[i10] + ty[i00]) / np;
      const vx = covNorm * ((txx[i11] - txx[i01] - txx[i10] + txx[i00]) / np - ux * ux);
      const vy = covNorm * ((tyy[i11] - tyy[i01] - tyy[i10] + tyy[i00]) / np - uy * uy);
      const vxy = covNorm * ((txy[i11] - txy[i01] - txy[i10] + txy[i00]) / np - ux * uy);
      total += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
    }
  }
  return total / ((width - WIN + 1) * (height - WIN + 1));
}
