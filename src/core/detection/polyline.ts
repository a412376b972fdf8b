/**
 * Dark-pixel evidence along a polyline (a straight chord at first, the fitted centre line after),
 * and the centre line fitted to that evidence. A fold crosses the section, so its chord is nearly
 * fully covered by dark pixels; a thick membrane covers a short stretch of its chord however
 * elongated it is itself.
 */
import { median } from '../stats.js';

export type Point = [number, number];

/** A point on a straight line and its unit direction. */
export interface Line {
  cx: number;
  cy: number;
  ux: number;
  uy: number;
}

export interface Support {
  /** Share of the polyline's length with a dark pixel within the tolerance. */
  coverage: number;
  /** Polyline length, pixels of the grid. */
  length: number;
  /** Grid indices of the dark pixels within the tolerance, their arc position and distance. */
  pixels: Int32Array;
  along: Float32Array;
  /** Band half-width: twice the median distance (distance is uniform over [0, h] across a band). */
  halfWidth: number;
}

/** The stretch of the line through (cx, cy) with direction (ux, uy) inside [0, w-1] × [0, h-1]. */
export function chord({ cx, cy, ux, uy }: Line, w: number, h: number): Point[] {
  let t0 = -Infinity,
    t1 = Infinity;
  for (const [c, u, hi] of [
    [cx, ux, w - 1],
    [cy, uy, h - 1],
  ]) {
    if (Math.abs(u) < 1e-9) continue;
    const a = -c / u,
      b = (hi - c) / u;
    t0 = Math.max(t0, Math.min(a, b));
    t1 = Math.min(t1, Math.max(a, b));
  }
  if (!(t1 > t0))
    return [
      [cx, cy],
      [cx, cy],
    ];
  return [
    [cx + t0 * ux, cy + t0 * uy],
    [cx + t1 * ux, cy + t1 * uy],
  ];
}

/** Where a point falls on one segment: squared distance, distance along it, side (1 = left). */
export interface SegmentProjection {
  d2: number;
  along: number;
  side: 0 | 1;
}

const scratch: SegmentProjection = { d2: 0, along: 0, side: 0 };

/** Projects (x, y) on the segment a–b (clamped to its ends) into `out`; allocates nothing. */
export function segmentProjection(a: Point, b: Point, x: number, y: number, out: SegmentProjection): void {
  const [ax, ay] = a,
    [bx, by] = b;
  const vx = bx - ax,
    vy = by - ay;
  const len2 = vx * vx + vy * vy;
  const k = len2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * vx + (y - ay) * vy) / len2)) : 0;
  const dx = x - ax - k * vx,
    dy = y - ay - k * vy;
  out.d2 = dx * dx + dy * dy;
  out.along = k * Math.sqrt(len2);
  out.side = vx * (y - ay) - vy * (x - ax) >= 0 ? 1 : 0;
}

/**
 * Distance and arc-length position of (x, y) relative to the polyline; `out` receives both so the
 * hot loop allocates nothing.
 */
function project(line: readonly Point[], cum: Float64Array, x: number, y: number, out: Float64Array): void {
  let best = Infinity,
    bestT = 0;
  for (let s = 0; s + 1 < line.length; s++) {
    segmentProjection(line[s], line[s + 1], x, y, scratch);
    if (scratch.d2 < best) {
      best = scratch.d2;
      bestT = cum[s] + scratch.along;
    }
  }
  out[0] = Math.sqrt(best);
  out[1] = bestT;
}

function cumulative(line: readonly Point[]): Float64Array {
  const cum = new Float64Array(line.length);
  for (let s = 1; s < line.length; s++) {
    cum[s] = cum[s - 1] + Math.hypot(line[s][0] - line[s - 1][0], line[s][1] - line[s - 1][1]);
  }
  return cum;
}

/** Coverage, half-width and trimmed arrays from the collected pixels. */
function finish(picked: Int32Array, along: Float32Array, dist: Float32Array, n: number, length: number): Support {
  const bins = new Uint8Array(Math.ceil(length) + 1);
  for (let k = 0; k < n; k++) bins[Math.min(bins.length - 1, Math.max(0, Math.round(along[k])))] = 1;
  let covered = 0;
  for (const b of bins) covered += b;
  return {
    coverage: covered / bins.length,
    length,
    pixels: picked.slice(0, n),
    along: along.slice(0, n),
    halfWidth: n ? 2 * median(dist.subarray(0, n)) + 0.5 : 0,
  };
}

/**
 * Dark pixels (indices into a w-wide grid) within `tolerance` of the straight chord a–b, and the
 * pool of those within `poolTolerance`, where a bent centre line fitted later can look.
 */
export function chordSupport(
  darkPixels: Int32Array,
  w: number,
  [a, b]: readonly Point[],
  tolerance: number,
  poolTolerance: number,
): { support: Support; pool: Int32Array } {
  const length = Math.max(1, Math.hypot(b[0] - a[0], b[1] - a[1]));
  const ux = (b[0] - a[0]) / length,
    uy = (b[1] - a[1]) / length;
  const picked = new Int32Array(darkPixels.length),
    pool = new Int32Array(darkPixels.length);
  const along = new Float32Array(darkPixels.length),
    dist = new Float32Array(darkPixels.length);
  let n = 0,
    np = 0;
  for (let k = 0; k < darkPixels.length; k++) {
    const i = darkPixels[k];
    const x = i % w,
      y = (i - x) / w;
    const dx = x - a[0],
      dy = y - a[1];
    const d = Math.abs(dx * uy - dy * ux);
    if (d > poolTolerance) continue;
    pool[np++] = i;
    if (d > tolerance) continue;
    picked[n] = i;
    along[n] = dx * ux + dy * uy;
    dist[n++] = d;
  }
  return { support: finish(picked, along, dist, n, length), pool: pool.slice(0, np) };
}

/** The same along a bent polyline, over a pool of pixels near it. */
export function polylineSupport(pixels: Int32Array, w: number, line: readonly Point[], tolerance: number): Support {
  const cum = cumulative(line);
  const picked = new Int32Array(pixels.length);
  const along = new Float32Array(pixels.length),
    dist = new Float32Array(pixels.length);
  const pd = new Float64Array(2);
  let n = 0;
  for (let k = 0; k < pixels.length; k++) {
    const i = pixels[k];
    const x = i % w;
    project(line, cum, x, (i - x) / w, pd);
    if (pd[0] > tolerance) continue;
    picked[n] = i;
    along[n] = pd[1];
    dist[n++] = pd[0];
  }
  return finish(picked, along, dist, n, Math.max(1, cum[cum.length - 1]));
}

/** Perpendicular distance of p from the segment a–b. */
function segmentDistance(p: Point, a: Point, b: Point): number {
  const vx = b[0] - a[0],
    vy = b[1] - a[1];
  const len2 = vx * vx + vy * vy;
  const f = len2 > 0 ? Math.min(1, Math.max(0, ((p[0] - a[0]) * vx + (p[1] - a[1]) * vy) / len2)) : 0;
  return Math.hypot(p[0] - a[0] - f * vx, p[1] - a[1] - f * vy);
}

/** Douglas–Peucker: keeps the vertices that deviate more than `tolerance` from the simplified line. */
export function simplify(points: readonly Point[], tolerance: number): Point[] {
  if (points.length <= 2) return points.slice();
  const a = points[0],
    b = points[points.length - 1];
  let worst = -1,
    worstD = tolerance;
  for (let i = 1; i < points.length - 1; i++) {
    const d = segmentDistance(points[i], a, b);
    if (d > worstD) {
      worst = i;
      worstD = d;
    }
  }
  if (worst < 0) return [a, b];
  const left = simplify(points.slice(0, worst + 1), tolerance);
  return left.slice(0, -1).concat(simplify(points.slice(worst), tolerance));
}

/**
 * Centre line of the supporting pixels: centroids of consecutive stretches of `step` along the
 * current polyline, simplified so that a straight band gives one segment and a curved one a few.
 */
export function fitCentreLine(support: Support, w: number, step: number, tolerance: number): Point[] {
  const nb = Math.max(1, Math.ceil(support.length / step) + 1);
  const sx = new Float64Array(nb),
    sy = new Float64Array(nb),
    n = new Uint32Array(nb);
  for (let k = 0; k < support.pixels.length; k++) {
    const i = support.pixels[k],
      t = support.along[k];
    const b = Math.min(nb - 1, Math.max(0, Math.floor(t / step)));
    sx[b] += i % w;
    sy[b] += Math.floor(i / w);
    n[b]++;
  }
  const points: Point[] = [];
  for (let b = 0; b < nb; b++) if (n[b] > 0) points.push([sx[b] / n[b], sy[b] / n[b]]);
  const line = simplify(points, tolerance);
  // Centroids sit half a stretch inside the band's ends: move the two ends out by that much.
  if (line.length >= 2) {
    extend(line, 0, 1, step / 2);
    extend(line, line.length - 1, line.length - 2, step / 2);
  }
  return line;
}

function extend(line: Point[], end: number, inner: number, by: number): void {
  const dx = line[end][0] - line[inner][0],
    dy = line[end][1] - line[inner][1];
  const len = Math.hypot(dx, dy);
  if (len > 0) line[end] = [line[end][0] + (by * dx) / len, line[end][1] + (by * dy) / len];
}
