import type { GrayImage } from '../image.js';
import { MetricsError } from './errors.js';

/** Intersection over union of two masks (non-zero = set); 1 when both are empty. */
export function maskIoU(a: GrayImage, b: GrayImage): number {
  if (a.width !== b.width || a.height !== b.height) {
    throw new MetricsError(`masks differ in size: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  }
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i] > 0;
    const y = b.data[i] > 0;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union ? inter / union : 1;
}
