import type { GrayImage } from '../image.js';
import { MetricsError } from './errors.js';

/** Scores of a fill inside a mask (the lost strip of a fold), against the true tissue there. */
export interface StripScores {
  /** PSNR in dB (range 255) over the mask's pixels only. */
  psnr: number;
  /**
   * Std of the fill's Laplacian over the mask / std of the truth's: 1 = as much fine structure as
   * tissue, near 0 = a flat or blurred fill. PSNR rewards blur; this does not.
   */
  sharpness: number;
}

/** 4-neighbour Laplacian at pixel i, edges replicated (training/sff_train/metrics.py is the twin). */
function laplacianAt(img: GrayImage, x: number, y: number): number {
  const { width: w, height: h, data } = img;
  const c = data[y * w + x];
  const l = data[y * w + Math.max(0, x - 1)];
  const r = data[y * w + Math.min(w - 1, x + 1)];
  const u = data[Math.max(0, y - 1) * w + x];
  const d = data[Math.min(h - 1, y + 1) * w + x];
  return l + r + u + d - 4 * c;
}

/** PSNR and sharpness of `fill` against `truth` over the pixels where `mask` is non-zero. */
export function stripScores(fill: GrayImage, truth: GrayImage, mask: Uint8Array): StripScores {
  if (fill.width !== truth.width || fill.height !== truth.height || mask.length !== fill.data.length) {
    throw new MetricsError(
      `strip scores need one size: fill ${fill.width}×${fill.height}, truth ${truth.width}×${truth.height}, mask ${mask.length} px`,
    );
  }
  let n = 0,
    se = 0;
  const sums = { f: 0, ff: 0, t: 0, tt: 0 };
  for (let y = 0; y < fill.height; y++) {
    for (let x = 0; x < fill.width; x++) {
      const i = y * fill.width + x;
      if (!mask[i]) continue;
      n++;
      const diff = fill.data[i] - truth.data[i];
      se += diff * diff;
      const lf = laplacianAt(fill, x, y),
        lt = laplacianAt(truth, x, y);
      sums.f += lf;
      sums.ff += lf * lf;
      sums.t += lt;
      sums.tt += lt * lt;
    }
  }
  if (n === 0) throw new MetricsError('the strip mask is empty');
  const std = (s: number, ss: number): number => Math.sqrt(Math.max(0, ss / n - (s / n) ** 2));
  return {
    psnr: 10 * Math.log10((255 * 255) / (se / n)),
    sharpness: std(sums.f, sums.ff) / std(sums.t, sums.tt),
  };
}
