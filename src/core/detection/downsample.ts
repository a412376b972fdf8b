/** Block-mean downsampling: the detector's coarse work runs on far fewer pixels. */
import type { FloatImage, GrayImage } from '../image.js';

/** Mean of each factor×factor block; partial blocks at the right/bottom edge average what they have. */
export function blockMean(image: GrayImage, factor: number): FloatImage {
  const { width, height, data } = image;
  const w = Math.ceil(width / factor);
  const h = Math.ceil(height / factor);
  const out = new Float32Array(w * h);
  const rowSum = new Float64Array(w);
  for (let by = 0; by < h; by++) {
    rowSum.fill(0);
    const yEnd = Math.min(height, (by + 1) * factor);
    for (let y = by * factor; y < yEnd; y++) {
      let src = y * width;
      for (let bx = 0; bx < w; bx++) {
        const xEnd = Math.min(width, (bx + 1) * factor);
        let s = 0;
        for (let x = bx * factor; x < xEnd; x++) s += data[src++];
        rowSum[bx] += s;
      }
    }
    const ny = yEnd - by * factor;
    for (let bx = 0; bx < w; bx++)
      out[by * w + bx] = rowSum[bx] / (ny * (Math.min(width, (bx + 1) * factor) - bx * factor));
  }
  return { width: w, height: h, data: out };
}

/** Nearest-neighbour upsampling of a coarse binary mask back to full resolution. */
export function upsampleMask(
  coarse: Uint8Array,
  cw: number,
  factor: number,
  width: number,
  height: number,
): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const crow = ((y / factor) | 0) * cw;
    let i = y * width;
    for (let bx = 0; bx < cw; bx++) {
      const v = coarse[crow + bx];
      const xEnd = Math.min(width, (bx + 1) * factor);
      if (v) out.fill(v, i, i + xEnd - bx * factor);
      i += xEnd - bx * factor;
    }
  }
  return out;
}
