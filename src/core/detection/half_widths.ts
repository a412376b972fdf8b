/**
 * Band half-width at each vertex of a fold's centre line, read off the full-resolution mask: the
 * run of band pixels on either side along the local normal, over a few parallel cuts (a ragged
 * edge does not decide it alone). Where no cut starts on the band, the fold's own half-width.
 */
import type { GrayImage } from '../image.js';
import { median } from '../stats.js';
import type { Point } from './polyline.js';

const CUTS = [-4, -2, 0, 2, 4];

function run(mask: GrayImage, x: number, y: number, nx: number, ny: number, limit: number): number {
  let d = 0;
  for (; d < limit; d++) {
    const px = Math.round(x + d * nx),
      py = Math.round(y + d * ny);
    if (px < 0 || py < 0 || px >= mask.width || py >= mask.height || !mask.data[py * mask.width + px]) break;
  }
  return d;
}

export function vertexHalfWidths(mask: GrayImage, line: readonly Point[], fallback: number): number[] {
  return line.map((p, k) => {
    const a = line[Math.max(0, k - 1)],
      b = line[Math.min(line.length - 1, k + 1)];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) return fallback;
    const tx = (b[0] - a[0]) / len,
      ty = (b[1] - a[1]) / len;
    const limit = Math.ceil(4 * fallback) + 2;
    const widths: number[] = [];
    for (const o of CUTS) {
      const x = p[0] + o * tx,
        y = p[1] + o * ty;
      const xi = Math.round(x),
        yi = Math.round(y);
      if (xi < 0 || yi < 0 || xi >= mask.width || yi >= mask.height || !mask.data[yi * mask.width + xi]) continue;
      // The centre pixel counts once: half of it on each side.
      widths.push((run(mask, x, y, -ty, tx, limit) + run(mask, x, y, ty, -tx, limit)) / 2);
    }
    return widths.length ? median(Float64Array.from(widths)) : fallback;
  });
}
