/**
 * Where a pixel lies relative to a fold's centre polyline: the distance to the nearest point of
 * the polyline, on which side, the direction away from it, and the band half-width there. The
 * unfolding moves tissue along that direction, so for a straight line it is the line's normal and
 * for a curve the normal of the nearest stretch (∇ of the distance).
 */
import { type FoldCurve, type FoldPull, pullWhere } from './fold_geometry.js';

export interface CurvePlace {
  /** Unsigned distance to the polyline. */
  dist: number;
  /** 1: left of the direction of travel (D > 0 in docs/fold-model.md), 0: right. */
  side: 0 | 1;
  /** Unit vector from the nearest point towards the pixel (the normal, signed by side). */
  ex: number;
  ey: number;
  /** Band half-width at the nearest point (faded past a free end). */
  halfWidth: number;
  /** The line's half-width at the nearest point (not faded): where the pull is read (PullAlong). */
  lineHalfWidth: number;
  /** 1, or less past a free end: the factor the band and the pull fade by there. */
  fade: number;
}

/** Past a free end the band and the pull fade to nothing over this many end half-widths. */
export const FREE_END_FADE = 2;

/** A polyline prepared for many queries: segment directions and lengths. */
export interface PreparedCurve {
  readonly curve: FoldCurve;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly dx: Float64Array;
  readonly dy: Float64Array;
  readonly len2: Float64Array;
  /** Whether the first / last segment extends as a ray (an `edge` end). */
  readonly rays: [boolean, boolean];
  /** Whether band and pull fade out past the first / last vertex (a `free` end). */
  readonly fades: [boolean, boolean];
  /** The widest half-width along the line (PullAlong's reference). */
  readonly maxHalfWidth: number;
}

export function prepareCurve(curve: FoldCurve): PreparedCurve {
  const n = curve.line.length;
  const x = Float64Array.from(curve.line, (p) => p[0]);
  const y = Float64Array.from(curve.line, (p) => p[1]);
  const dx = new Float64Array(n - 1),
    dy = new Float64Array(n - 1),
    len2 = new Float64Array(n - 1);
  for (let i = 0; i + 1 < n; i++) {
    dx[i] = x[i + 1] - x[i];
    dy[i] = y[i + 1] - y[i];
    len2[i] = dx[i] * dx[i] + dy[i] * dy[i];
  }
  const [first, last] = curve.ends ?? ['edge', 'edge'];
  return {
    curve,
    x,
    y,
    dx,
    dy,
    len2,
    rays: [first === 'edge', last === 'edge'],
    fades: [first === 'free', last === 'free'],
    maxHalfWidth: Math.max(...curve.halfWidths),
  };
}

/**
 * Fills `out` for pixel (px, py). At an `edge` end the end segment extends as a ray: the fold
 * runs out of the section, and pixels beside its end belong to it. Past a `free` end the nearest
 * point is the end vertex and band and pull fade out over FREE_END_FADE end half-widths. Between
 * segments the nearest point may be a vertex; its direction is then the pixel's own.
 */
export function placeOnCurve(c: PreparedCurve, px: number, py: number, out: CurvePlace): void {
  const last = c.dx.length - 1;
  let best = Infinity,
    bestSeg = 0,
    bestT = 0,
    past = 0;
  for (let i = 0; i <= last; i++) {
    const l2 = c.len2[i];
    const raw = l2 > 0 ? ((px - c.x[i]) * c.dx[i] + (py - c.y[i]) * c.dy[i]) / l2 : 0;
    let t = raw;
    if (t < 0 && (i > 0 || !c.rays[0])) t = 0;
    if (t > 1 && (i < last || !c.rays[1])) t = 1;
    const qx = c.x[i] + t * c.dx[i] - px,
      qy = c.y[i] + t * c.dy[i] - py;
    const d2 = qx * qx + qy * qy;
    if (d2 < best) {
      best = d2;
      bestSeg = i;
      bestT = t;
      // Beyond a free end: how far along the end segment's direction.
      past =
        (i === 0 && raw < 0 && c.fades[0] ? -raw : i === last && raw > 1 && c.fades[1] ? raw - 1 : 0) * Math.sqrt(l2);
    }
  }
  const cx = c.x[bestSeg] + bestT * c.dx[bestSeg],
    cy = c.y[bestSeg] + bestT * c.dy[bestSeg];
  const dist = Math.sqrt(best);
  const cross = c.dx[bestSeg] * (py - c.y[bestSeg]) - c.dy[bestSeg] * (px - c.x[bestSeg]);
  out.dist = dist;
  out.side = cross > 0 ? 1 : 0;
  if (dist > 1e-9) {
    out.ex = (px - cx) / dist;
    out.ey = (py - cy) / dist;
  } else {
    // On the line: the normal of the segment, towards the left.
    const len = Math.sqrt(c.len2[bestSeg]) || 1;
    out.ex = -c.dy[bestSeg] / len;
    out.ey = c.dx[bestSeg] / len;
  }
  const w = c.curve.halfWidths;
  const t = Math.min(1, Math.max(0, bestT));
  const halfWidth = w[bestSeg] + t * (w[bestSeg + 1] - w[bestSeg]);
  out.fade = past > 0 ? Math.max(0, 1 - past / (FREE_END_FADE * Math.max(halfWidth, 1))) : 1;
  out.halfWidth = halfWidth * out.fade;
  out.lineHalfWidth = halfWidth;
}

/** The pull on the side of `place` there (a faded past a free end as the band is). */
export function pullAtPlace(c: PreparedCurve, place: CurvePlace): FoldPull {
  const { a, s } = c.curve.pull[place.side];
  return { a: pullWhere(a, c.curve.pullAlong ?? 'even', place.lineHalfWidth, c.maxHalfWidth) * place.fade, s };
}

/** A fresh CurvePlace to reuse across queries (no allocation per pixel). */
export const newPlace = (): CurvePlace => ({ dist: 0, side: 0, ex: 0, ey: 0, halfWidth: 0, lineHalfWidth: 0, fade: 1 });

/**
 * Smallest distance from the axis-aligned rectangle [x0, x1] × [y0, y1] to the polyline (0 when
 * they meet), the end segments extended by `extend` beyond `edge` ends and by the fade beyond
 * `free` ones (a `junction` end's round cap is within the distance to its vertex).
 */
export function rectDistance(c: PreparedCurve, x0: number, y0: number, x1: number, y1: number, extend: number): number {
  let best = Infinity;
  const last = c.dx.length - 1;
  for (let i = 0; i <= last; i++) {
    const len = Math.sqrt(c.len2[i]) || 1;
    const ux = c.dx[i] / len,
      uy = c.dy[i] / len;
    const w = c.curve.halfWidths;
    const beyond = (end: 0 | 1, width: number): number =>
      c.rays[end] ? extend : c.fades[end] ? FREE_END_FADE * Math.max(width, 1) : 0;
    const before = i > 0 ? 0 : beyond(0, w[0]);
    const after = i < last ? 0 : beyond(1, w[w.length - 1]);
    const ax = c.x[i] - ux * before,
      ay = c.y[i] - uy * before;
    const bx = c.x[i + 1] + ux * after,
      by = c.y[i + 1] + uy * after;
    best = Math.min(best, segmentRectDistance(ax, ay, bx, by, x0, y0, x1, y1));
    if (best === 0) return 0;
  }
  return best;
}

function segmentRectDistance(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  const inside = (x: number, y: number): boolean => x >= x0 && x <= x1 && y >= y0 && y <= y1;
  if (inside(ax, ay) || inside(bx, by)) return 0;
  const edges: [number, number, number, number][] = [
    [x0, y0, x1, y0],
    [x1, y0, x1, y1],
    [x1, y1, x0, y1],
    [x0, y1, x0, y0],
  ];
  let best = Infinity;
  for (const [cx, cy, dx, dy] of edges) best = Math.min(best, segmentDistance(ax, ay, bx, by, cx, cy, dx, dy));
  return best;
}

function pointSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax,
    dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}

function segmentDistance(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number {
  const orient = (px: number, py: number, qx: number, qy: number, rx: number, ry: number): number =>
    Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
  const crosses =
    orient(ax, ay, bx, by, cx, cy) !== orient(ax, ay, bx, by, dx, dy) &&
    orient(cx, cy, dx, dy, ax, ay) !== orient(cx, cy, dx, dy, bx, by);
  if (crosses) return 0;
  return Math.min(
    pointSegment(ax, ay, cx, cy, dx, dy),
    pointSegment(bx, by, cx, cy, dx, dy),
    pointSegment(cx, cy, ax, ay, bx, by),
    pointSegment(dx, dy, ax, ay, bx, by),
  );
}
