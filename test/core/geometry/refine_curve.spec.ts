import { newPlace, placeOnCurve, prepareCurve } from '../../../src/core/geometry/curve_distance.js';
import { refineCurve } from '../../../src/core/geometry/refine_curve.js';
import { cropGray } from '../../../src/core/metrics/index.js';
import { arcLength, arc, extendEnds } from '../../../src/core/simulation/curve_paths.js';
import { type CurveFold, simulateShape } from '../../../src/core/simulation/index.js';
import { readGrayPng } from '../../../src/io/png.js';

const RAW = new URL('../../../data/gerhard2013/raw/', import.meta.url).pathname;
const clean = cropGray(readGrayPng(`${RAW}05.png`), { x: 200, y: 200, width: 512, height: 512 });

/** An arc across the crop whose band widens from 6 to 12 px along it. */
function widening(): CurveFold {
  const line = extendEnds(arc([-10, 120], [522, 380], 90), 20);
  const cum = arcLength(line);
  const total = cum[cum.length - 1];
  const L = cum.map((t) => 6 + (6 * t) / total);
  return { line, L, pull: L.map(() => 10), s: 0.05, bandGain: 0 };
}

/** The coarse polyline a detector gives: every 20th vertex, `offset` px off to the left. */
function coarse(fold: CurveFold, offset: number): [number, number][] {
  const picked = fold.line.filter((_, i) => i % 20 === 0 || i === fold.line.length - 1);
  return picked.map(([x, y], k) => {
    const [ax, ay] = picked[Math.max(0, k - 1)],
      [bx, by] = picked[Math.min(picked.length - 1, k + 1)];
    const len = Math.hypot(bx - ax, by - ay);
    return [x - (offset * (by - ay)) / len, y + (offset * (bx - ax)) / len];
  });
}

describe('refineCurve', () => {
  const fold = widening();
  const damaged = simulateShape(clean, { folds: [fold] }).degraded;
  const truth = prepareCurve({
    line: fold.line,
    halfWidths: fold.L,
    pull: [
      { a: 0, s: 0.1 },
      { a: 0, s: 0.1 },
    ],
    score: 1,
  });

  test("puts a coarse, offset line on the band's centre and reads the widening half-width", () => {
    const refined = refineCurve(damaged, coarse(fold, 3), 9);
    expect(refined).toBeDefined();
    const place = newPlace();
    const inside = refined!.line
      .map((p, i) => ({ p, w: refined!.halfWidths[i] }))
      .filter(({ p: [x, y] }) => x > 20 && y > 20 && x < 492 && y < 492);
    expect(inside.length).toBeGreaterThan(4);
    const errors = inside.map(({ p: [x, y], w }) => {
      placeOnCurve(truth, x, y, place);
      return { centre: place.dist, width: Math.abs(w - place.halfWidth) };
    });
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    // The input was 3 px off and its width one number (9) for 6–12 px.
    expect(mean(errors.map((e) => e.centre))).toBeLessThan(0.6);
    expect(mean(errors.map((e) => e.width))).toBeLessThan(0.6);
  });

  test('gives up where the section shows no band', () => {
    expect(refineCurve(clean, coarse(fold, 0), 9)).toBeUndefined();
  });
});
