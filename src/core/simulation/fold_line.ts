import type { FoldParams } from './fold_params.js';

/** The fold line as a point on it and its unit normal. */
export interface FoldLine {
  readonly x0: number;
  readonly y0: number;
  readonly nx: number;
  readonly ny: number;
}

/** Normal n = (−(y1 − y0), x1 − x0) / len, as docs/fold-model.md fixes the sign of d. */
export function foldLine(p: FoldParams): FoldLine {
  const len = Math.hypot(p.x1 - p.x0, p.y1 - p.y0);
  return { x0: p.x0, y0: p.y0, nx: -(p.y1 - p.y0) / len, ny: (p.x1 - p.x0) / len };
}

/**
 * Signed distance of pixel (x, y), written in the contract's exact operation order so that the
 * band edge falls on the same pixels in TypeScript and Python.
 */
export function signedDistance(line: FoldLine, x: number, y: number): number {
  return (x - line.x0) * line.nx + (y - line.y0) * line.ny;
}

/** Number of pixels of a width × height image that lie inside the band |d| < L. */
export function bandPixelCount(p: FoldParams, width: number, height: number): number {
  const line = foldLine(p);
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (Math.abs(signedDistance(line, x, y)) < p.L) count++;
    }
  }
  return count;
}
