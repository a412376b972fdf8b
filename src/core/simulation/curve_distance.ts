import type { CurveFold } from './fold_shape.js';

/**
 * Per pixel of a width × height grid, where it lies relative to a fold's centre polyline: the
 * distance |d| to the nearest point c, the unit direction ∇|d| = sign(d)·n away from the curve,
 * and the half-width L and pull (F − L) interpolated at c.
 */
export interface CurveField {
  dist: Float64Array;
  dirX: Float64Array;
  dirY: Float64Array;
  L: Float64Array;
  pull: Float64Array;
}

/** Tiles whose candidate segments are found once (exactness is kept: see `candidates`). */
const TILE = 16;

/** Distance from (x, y) to segment s of the line (for culling only). */
function segmentDistance(line: CurveFold['line'], s: number, x: number, y: number): number {
  const [ax, ay] = line[s],
    [bx, by] = line[s + 1];
  const vx = bx - ax,
    vy = by - ay;
  const k = Math.min(1, Math.max(0, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - ax - k * vx, y - ay - k * vy);
}

/**
 * Segments that can hold the nearest point of some pixel of the tile around (cx, cy) with half
 * diagonal r, nearest first, each with a lower bound of its squared distance over the tile (a hair
 * low, so float rounding never drops the true nearest one).
 */
function candidates(line: CurveFold['line'], cx: number, cy: number, r: number): { segs: number[]; bounds: number[] } {
  const d = Array.from({ length: line.length - 1 }, (_, s) => segmentDistance(line, s, cx, cy));
  const upper = Math.min(...d) + r;
  const segs = d.flatMap((v, s) => (v - r <= upper + 1e-6 ? [s] : [])).sort((a, b) => d[a] - d[b]);
  return { segs, bounds: segs.map((s) => Math.max(0, d[s] - r - 1e-6) ** 2) };
}

/**
 * The exact arithmetic of docs/fold-model.md: k = ((p − a)·v) / |v|²; k ≤ 0 or k ≥ 1: nearest
 * point a or b (radial direction); else signed distance ((p − a)·(−v_y, v_x)) / |v| and the
 * segment's normal.
 */
export function curveField(fold: CurveFold, width: number, height: number): CurveField {
  const n = width * height;
  const out: CurveField = {
    dist: new Float64Array(n),
    dirX: new Float64Array(n),
    dirY: new Float64Array(n),
    L: new Float64Array(n),
    pull: new Float64Array(n),
  };
  const { line, L, pull } = fold;
  const X = Float64Array.from(line, (p) => p[0]),
    Y = Float64Array.from(line, (p) => p[1]);
  for (let ty = 0; ty < height; ty += TILE) {
    for (let tx = 0; tx < width; tx += TILE) {
      const x1 = Math.min(width, tx + TILE),
        y1 = Math.min(height, ty + TILE);
      const r = Math.hypot(x1 - 1 - tx, y1 - 1 - ty) / 2;
      const { segs, bounds } = candidates(line, (tx + x1 - 1) / 2, (ty + y1 - 1) / 2, r);
      for (let y = ty; y < y1; y++) {
        for (let x = tx; x < x1; x++) {
          let best = Infinity,
            bs = 0,
            bk = 0,
            bsd = 0;
          for (let c = 0; c < segs.length && bounds[c] <= best; c++) {
            const s = segs[c];
            const ax = X[s],
              ay = Y[s],
              bx = X[s + 1],
              by = Y[s + 1];
            const vx = bx - ax,
              vy = by - ay;
            const len2 = vx * vx + vy * vy;
            const k = ((x - ax) * vx + (y - ay) * vy) / len2;
            let d2: number,
              sd = 0;
            if (k <= 0) d2 = (x - ax) * (x - ax) + (y - ay) * (y - ay);
            else if (k >= 1) d2 = (x - bx) * (x - bx) + (y - by) * (y - by);
            else {
              sd = ((x - ax) * -vy + (y - ay) * vx) / Math.sqrt(len2);
              d2 = sd * sd;
            }
            // The full loop's argmin in index order (Python's): strict <, the lower index on a tie.
            if (d2 < best || (d2 === best && s < bs)) {
              best = d2;
              bs = s;
              bk = k;
              bsd = sd;
            }
          }
          const i = y * width + x;
          const ax = X[bs],
            ay = Y[bs],
            bx = X[bs + 1],
            by = Y[bs + 1];
          if (bk > 0 && bk < 1) {
            const len = Math.sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
            const sign = Math.sign(bsd);
            out.dist[i] = Math.abs(bsd);
            out.dirX[i] = (sign * -(by - ay)) / len;
            out.dirY[i] = (sign * (bx - ax)) / len;
            out.L[i] = L[bs] + bk * (L[bs + 1] - L[bs]);
            out.pull[i] = pull[bs] + bk * (pull[bs + 1] - pull[bs]);
          } else {
            const v = bk <= 0 ? bs : bs + 1;
            const cx = X[v],
              cy = Y[v];
            const dist = Math.sqrt(best);
            out.dist[i] = dist;
            out.dirX[i] = dist > 0 ? (x - cx) / dist : 0;
            out.dirY[i] = dist > 0 ? (y - cy) / dist : 0;
            out.L[i] = L[v];
            out.pull[i] = pull[v];
          }
        }
      }
    }
  }
  return out;
}
