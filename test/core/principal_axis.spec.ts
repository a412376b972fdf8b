/** The principal-axis fit on point sets whose axis is known. */
import { addPoint, emptySums, principalAxis, principalAxisOfPoints } from '../../src/core/principal_axis.js';
import { makeRng } from '../../src/core/rng.js';

/** Points spread along a line through (cx, cy) at `angle`, with a little spread across it. */
function alongLine(cx: number, cy: number, angle: number, n: number): number[] {
  const rng = makeRng(3);
  const ux = Math.cos(angle),
    uy = Math.sin(angle);
  const points: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = rng.uniform(-50, 50),
      d = rng.uniform(-2, 2);
    points.push(cx + t * ux - d * uy, cy + t * uy + d * ux);
  }
  return points;
}

/** Angle between two undirected lines, radians. */
function lineAngle(ux: number, uy: number, angle: number): number {
  return Math.acos(Math.min(1, Math.abs(ux * Math.cos(angle) + uy * Math.sin(angle))));
}

describe('principalAxis', () => {
  test.each([0, 0.3, Math.PI / 4, 1.2, Math.PI / 2, 2.5])(
    'finds the direction of largest spread (angle %p)',
    (angle) => {
      const points = alongLine(40, 25, angle, 400);
      const axis = principalAxisOfPoints(points);
      expect(lineAngle(axis.ux, axis.uy, angle)).toBeLessThan(0.01);
      expect(Math.hypot(axis.ux, axis.uy)).toBeCloseTo(1, 12);
      expect(axis.ux).toBeGreaterThanOrEqual(0);
    },
  );

  test('its centroid is the mean point', () => {
    const points = [0, 0, 4, 0, 4, 2, 0, 2];
    const axis = principalAxisOfPoints(points);
    expect(axis.cx).toBeCloseTo(2, 12);
    expect(axis.cy).toBeCloseTo(1, 12);
    expect(axis.ux).toBeCloseTo(1, 12); // wider than tall
    expect(axis.uy).toBeCloseTo(0, 12);
  });

  test('from accumulated sums equals the fit to the points', () => {
    const points = alongLine(300, 1800, 0.7, 200);
    const m = emptySums();
    for (let i = 0; i < points.length; i += 2) addPoint(m, points[i], points[i + 1]);
    const fromSums = principalAxis(points.length / 2, m);
    const fromPoints = principalAxisOfPoints(points);
    expect(fromSums.cx).toBeCloseTo(fromPoints.cx, 9);
    expect(fromSums.cy).toBeCloseTo(fromPoints.cy, 9);
    expect(fromSums.ux).toBeCloseTo(fromPoints.ux, 6);
    expect(fromSums.uy).toBeCloseTo(fromPoints.uy, 6);
  });

  test('far from the origin the fit of points keeps its accuracy', () => {
    const near = principalAxisOfPoints(alongLine(0, 0, 0.4, 300));
    const far = principalAxisOfPoints(alongLine(1e6, 1e6, 0.4, 300));
    expect(far.ux).toBeCloseTo(near.ux, 6);
    expect(far.uy).toBeCloseTo(near.uy, 6);
  });
});
