/** Montage of images for the README figures (docs/*.png). */
import { type GrayImage, makeGray } from '../src/core/image.js';

const GAP = 8;

/** Images side by side in rows, on a white background. */
export function montage(rows: GrayImage[][]): GrayImage {
  const width = Math.max(...rows.map((r) => r.reduce((w, im) => w + im.width, 0) + GAP * (r.length - 1)));
  const height = rows.reduce((h, r) => h + Math.max(...r.map((im) => im.height)), 0) + GAP * (rows.length - 1);
  const out = makeGray(width, height, new Uint8Array(width * height).fill(255));
  let top = 0;
  for (const row of rows) {
    let left = 0;
    for (const im of row) {
      for (let y = 0; y < im.height; y++)
        out.data.set(im.data.subarray(y * im.width, (y + 1) * im.width), (top + y) * width + left);
      left += im.width + GAP;
    }
    top += Math.max(...row.map((im) => im.height)) + GAP;
  }
  return out;
}
