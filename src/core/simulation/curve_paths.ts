/** Smooth centre curves for the shape sampler: arcs and splines through points, densely sampled. */
import type { Rng } from '../rng.js';

export type Pt = [number, number];

/** Vertex spacing of sampled curves, pixels: the polyline stays within a fraction of a pixel of the curve. */
export const SPACING = 4;

/** A uniform point on border 0 = top, 1 = right, 2 = bottom, 3 = left. */
export function borderPoint(rng: Rng, border: number, width: number, height: number): Pt {
  switch (border) {
    case 0:
      return [rng.uniform(0, width - 1), 0];
    case 1:
      return [width - 1, rng.uniform(0, height - 1)];
    case 2:
      return [rng.uniform(0, width - 1), height - 1];
    default:
      return [0, rng.uniform(0, height - 1)];
  }
}

/** Two points on two different borders, at least `minChord` apart. */
export function crossingEnds(rng: Rng, width: number, height: number, minChord: number): [Pt, Pt] {
  for (;;) {
    const b0 = rng.int(0, 3);
    const b1 = (b0 + rng.int(1, 3)) % 4;
    const a = borderPoint(rng, b0, width, height),
      b = borderPoint(rng, b1, width, height);
    if (Math.hypot(b[0] - a[0], b[1] - a[1]) >= minChord) return [a, b];
  }
}

/** Resamples a polyline at (about) `spacing` px, its vertices kept. */
export function resample(points: readonly Pt[], spacing = SPACING): Pt[] {
  const out: Pt[] = [points[0]];
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1],
      [bx, by] = points[i];
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / spacing));
    for (let k = 1; k <= n; k++) out.push([ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n]);
  }
  return out;
}

/** Catmull–Rom spline through the points (ends repeated), sampled about every SPACING px. */
export function spline(points: readonly Pt[]): Pt[] {
  const p = [points[0], ...points, points[points.length - 1]];
  const out: Pt[] = [];
  for (let i = 1; i + 2 < p.length; i++) {
    const [p0, p1, p2, p3] = [p[i - 1], p[i], p[i + 1], p[i + 2]];
    const n = Math.max(1, Math.ceil(Math.hypot(p2[0] - p1[0], p2[1] - p1[1]) / SPACING));
    for (let k = i === 1 ? 0 : 1; k <= n; k++) {
      const t = k / n,
        t2 = t * t,
        t3 = t2 * t;
      const c = (a: number, b: number, cc: number, d: number): number =>
        0.5 * (2 * b + (-a + cc) * t + (2 * a - 5 * b + 4 * cc - d) * t2 + (-a + 3 * b - 3 * cc + d) * t3);
      out.push([c(p0[0], p1[0], p2[0], p3[0]), c(p0[1], p1[1], p2[1], p3[1])]);
    }
  }
  return out;
}

/** Circular arc from a to b bulging `sagitta` px to the left of a→b (negative: right). */
export function arc(a: Pt, b: Pt, sagitta: number): Pt[] {
  const chord = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const mx = (a[0] + b[0]) / 2,
    my = (a[1] + b[1]) / 2;
  // Left normal of a→b, and the circle through a, b and the apex.
  const nx = -(b[1] - a[1]) / chord,
    ny = (b[0] - a[0]) / chord;
  const r = (chord * chord) / (8 * Math.abs(sagitta)) + Math.abs(sagitta) / 2;
  const off = r - Math.abs(sagitta);
  const sg = Math.sign(sagitta);
  const cx = mx - sg * off * nx,
    cy = my - sg * off * ny;
  const t0 = Math.atan2(a[1] - cy, a[0] - cx);
  let dt = Math.atan2(b[1] - cy, b[0] - cx) - t0;
  // Take the short way round: the apex side.
  while (dt > Math.PI) dt -= 2 * Math.PI;
  while (dt < -Math.PI) dt += 2 * Math.PI;
  const n = Math.max(2, Math.ceil((Math.abs(dt) * r) / SPACING));
  return Array.from({ length: n + 1 }, (_, k): Pt => {
    const t = t0 + (dt * k) / n;
    return [cx + r * Math.cos(t), cy + r * Math.sin(t)];
  });
}

/** Extends both ends along their end tangent by `by` px (so a crossing curve leaves the image). */
export function extendEnds(line: Pt[], by: number): Pt[] {
  const out = line.slice();
  const ext = (end: Pt, inner: Pt): Pt => {
    const dx = end[0] - inner[0],
      dy = end[1] - inner[1];
    const len = Math.hypot(dx, dy);
    return [end[0] + (by * dx) / len, end[1] + (by * dy) / len];
  };
  out.unshift(ext(line[0], line[1]));
  out.push(ext(line[line.length - 1], line[line.length - 2]));
  return out;
}

/** Cumulative arc length at each vertex. */
export function arcLength(line: readonly Pt[]): number[] {
  const cum = [0];
  for (let i = 1; i < line.length; i++) {
    cum.push(cum[i - 1] + Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]));
  }
  return cum;
}
