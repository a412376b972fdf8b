/** Box mean through an integral image: O(1) per pixel whatever the radius. */
import type { FloatImage } from '../image.js';

/** Mean over the (2r+1)² window clipped to the image, so borders are not darkened. */
export function boxMean(image: FloatImage, radius: number): FloatImage {
  const { width: w, height: h, data } = image;
  const r = Math.max(0, Math.round(radius));
  const iw = w + 1;
  const integral = new Float64Array(iw * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += data[y * w + x];
      integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1] + row;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r),
      y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r),
        x1 = Math.min(w, x + r + 1);
      const s = integral[y1 * iw + x1] - integral[y0 * iw + x1] - integral[y1 * iw + x0] + integral[y0 * iw + x0];
      out[y * w + x] = s / ((x1 - x0) * (y1 - y0));
    }
  }
  return { width: w, height: h, data: out };
}
