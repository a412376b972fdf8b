import type { GrayImage } from '../image.js';
import { pairInRegion, type RegionSpec } from './region.js';

/** Peak signal-to-noise ratio in dB, as skimage `peak_signal_noise_ratio` (Infinity when equal). */
export function psnr(a: GrayImage, b: GrayImage, dataRange = 255, region?: RegionSpec): number {
  const [x, y] = pairInRegion(a, b, region);
  let sum = 0;
  for (let i = 0; i < x.data.length; i++) {
    const diff = x.data[i] - y.data[i];
    sum += diff * diff;
  }
  const mse = sum / x.data.length;
  return 10 * Math.log10((dataRange * dataRange) / mse);
}
