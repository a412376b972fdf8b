/**
 * Principal-axis fit of a pixel set from its second moments: the centroid and the unit direction
 * of largest spread. Detection fits it to a component's accumulated sums and to the pixels near a
 * Hough line; the classic baseline to the full-resolution band pixels.
 */

/** Sums over the pixels: of x, y, x², y² and xy. */
export interface MomentSums {
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

/** Centroid and unit direction (of the two opposite directions, the one with ux ≥ 0). */
export interface PrincipalAxis {
  cx: number;
  cy: number;
  ux: number;
  uy: number;
}

export function emptySums(): MomentSums {
  return { sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
}

export function addPoint(m: MomentSums, x: number, y: number): void {
  m.sx += x;
  m.sy += y;
  m.sxx += x * x;
  m.syy += y * y;
  m.sxy += x * y;
}

/** The axis of `n` pixels whose sums are `m` (n ≥ 1; for one pixel or a round blob the angle is 0). */
export function principalAxis(n: number, m: MomentSums): PrincipalAxis {
  const cx = m.sx / n,
    cy = m.sy / n;
  const vxx = m.sxx / n - cx * cx,
    vyy = m.syy / n - cy * cy,
    vxy = m.sxy / n - cx * cy;
  const angle = 0.5 * Math.atan2(2 * vxy, vxx - vyy);
  return { cx, cy, ux: Math.cos(angle), uy: Math.sin(angle) };
}

/**
 * The axis of points stored as x, y pairs (at least one point). The sums are taken about the mean
 * point, so that large coordinates (full-resolution sections) do not cancel in the variances.
 */
export function principalAxisOfPoints(points: ArrayLike<number>): PrincipalAxis {
  const n = points.length >> 1;
  let ox = 0,
    oy = 0;
  for (let i = 0; i < 2 * n; i += 2) {
    ox += points[i];
    oy += points[i + 1];
  }
  ox /= n;
  oy /= n;
  const m = emptySums();
  for (let i = 0; i < 2 * n; i += 2) addPoint(m, points[i] - ox, points[i + 1] - oy);
  const axis = principalAxis(n, m);
  return { ...axis, cx: ox + axis.cx, cy: oy + axis.cy };
}
