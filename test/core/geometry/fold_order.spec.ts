import { newPlace, prepareCurve } from '../../../src/core/geometry/curve_distance.js';
import { OUTSIDE, stepThrough } from '../../../src/core/geometry/fold_field.js';
import type { FoldCurve } from '../../../src/core/geometry/fold_geometry.js';
import { foldOrder, linesInTheirFrames } from '../../../src/core/geometry/fold_order.js';

const fold = (line: [number, number][], L: number, a: number, s: number, ends?: FoldCurve['ends']): FoldCurve => ({
  line,
  halfWidths: line.map(() => L),
  pull: [
    { a, s },
    { a, s },
  ],
  score: 1,
  ...(ends ? { ends } : {}),
});

describe('foldOrder', () => {
  test('a branch comes after the fold it meets; other folds keep their order', () => {
    const a = fold(
      [
        [0, 10],
        [99, 10],
      ],
      3,
      5,
      0.1,
    );
    const branch = fold(
      [
        [50, 10],
        [50, 99],
      ],
      3,
      5,
      0.1,
      ['junction', 'edge'],
    );
    const b = fold(
      [
        [0, 80],
        [99, 90],
      ],
      3,
      5,
      0.1,
    );
    expect(foldOrder([branch, a, b])).toEqual([1, 2, 0]);
  });
});

describe('linesInTheirFrames', () => {
  test("an earlier fold's line, seen where the later fold pulled it, is carried back to where it lay", () => {
    // The earlier fold runs obliquely; the later one crosses it upright and pulls it apart.
    const earlier: [number, number][] = Array.from({ length: 41 }, (_, k) => [5 * k, 60 + 1.5 * k]);
    const later = fold(
      [
        [100, -500],
        [100, 500],
      ],
      4,
      10,
      0.05,
    );
    // Where the later fold put each point of the earlier line (its backward warp moves the
    // section before it to the section after it); points under its band or strip are hidden.
    const c = prepareCurve(later);
    const place = newPlace();
    const seen: [number, number][] = [];
    const truth: [number, number][] = [];
    for (const [x, y] of earlier) {
      const at = { x, y };
      if (stepThrough(c, at, place) !== OUTSIDE) continue;
      seen.push([at.x, at.y]);
      truth.push([x, y]);
    }
    expect(seen.length).toBeGreaterThan(30);
    // Seen, the earlier line is pulled apart by up to the pull: about 10 px at the crossing.
    expect(Math.max(...seen.map((p, i) => Math.hypot(p[0] - truth[i][0], p[1] - truth[i][1])))).toBeGreaterThan(8);
    const curves = [fold(seen, 3, 5, 0.1), later];
    linesInTheirFrames(
      curves,
      curves.map((f) => ({ line: f.line, halfWidths: f.halfWidths })),
    );
    curves[0].line.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(truth[i][0], 6);
      expect(y).toBeCloseTo(truth[i][1], 6);
    });
    expect(curves[1].line).toEqual(later.line);
  });
});
