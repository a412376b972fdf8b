import { type GrayImage, makeGray } from '../../core/image.js';

/**
 * Mean of each 2×2 block, rounded half up; an odd last row or column averages the pixels it has.
 * Sections are thick (50 nm vs 4.6 nm pixels), so scales shrink x and y only (2×2×1).
 */
export function downsample2x2(image: GrayImage): GrayImage {
  const { width, height, data } = image;
  const w = Math.ceil(width / 2);
  const h = Math.ceil(height / 2);
  const out = makeGray(w, h);
  for (let y = 0; y < h; y++) {
    const y0 = 2 * y;
    const y1 = Math.min(y0 + 1, height - 1);
    const rows = y1 === y0 ? 1 : 2;
    for (let x = 0; x < w; x++) {
      const x0 = 2 * x;
      const x1 = Math.min(x0 + 1, width - 1);
      const cols = x1 === x0 ? 1 : 2;
      let sum = data[y0 * width + x0];
      if (cols === 2) sum += data[y0 * width + x1];
      if (rows === 2) sum += data[y1 * width + x0] + (cols === 2 ? data[y1 * width + x1] : 0);
      const n = rows * cols;
      out.data[y * w + x] = Math.floor((sum + n / 2) / n);
    }
  }
  return out;
}

/** The base section followed by each coarser scale, `count` images in all. */
export function pyramid(image: GrayImage, count: number): GrayImage[] {
  const levels = [image];
  while (levels.length < count) levels.push(downsample2x2(levels[levels.length - 1]));
  return levels;
}
