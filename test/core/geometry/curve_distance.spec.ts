import {
  FREE_END_FADE,
  newPlace,
  placeOnCurve,
  prepareCurve,
  rectDistance,
} from '../../../src/core/geometry/curve_distance.js';
import type { FoldCurve, FoldEnd } from '../../../src/core/geometry/fold_geometry.js';

/** A horizontal fold from (100, 50) to (300, 50), half-width 5. */
function fold(ends?: [FoldEnd, FoldEnd]): FoldCurve {
  return {
    line: [
      [100, 50],
      [200, 50],
      [300, 50],
    ],
    halfWidths: [5, 5, 5],
    pull: [
      { a: 10, s: 0.05 },
      { a: 10, s: 0.05 },
    ],
    score: 1,
    ...(ends === undefined ? {} : { ends }),
  };
}

describe('placeOnCurve', () => {
  const place = newPlace();

  test('beside the line: distance, side and the normal, no fade', () => {
    placeOnCurve(prepareCurve(fold()), 150, 60, place);
    expect(place).toMatchObject({ dist: 10, side: 1, ex: 0, ey: 1, halfWidth: 5, fade: 1 });
  });

  test('past an edge end the line runs on as a ray', () => {
    placeOnCurve(prepareCurve(fold()), 40, 53, place);
    expect(place).toMatchObject({ dist: 3, halfWidth: 5, fade: 1 });
  });

  test('past a free end the nearest point is the end vertex and the band fades out', () => {
    const c = prepareCurve(fold(['free', 'edge']));
    placeOnCurve(c, 95, 50, place);
    expect(place.dist).toBeCloseTo(5);
    expect(place.fade).toBeCloseTo(1 - 5 / (FREE_END_FADE * 5));
    expect(place.halfWidth).toBeCloseTo(5 * place.fade);
    expect(place.ex).toBeCloseTo(-1);
    placeOnCurve(c, 100 - FREE_END_FADE * 5 - 1, 52, place);
    expect(place.fade).toBe(0);
    expect(place.halfWidth).toBe(0);
    // The other end is still an edge.
    placeOnCurve(c, 400, 50, place);
    expect(place).toMatchObject({ dist: 0, fade: 1 });
  });
});

describe('rectDistance', () => {
  test('extends edge ends by `extend`, free ends only by the fade', () => {
    const rect = [0, 40, 20, 60] as const;
    expect(rectDistance(prepareCurve(fold()), ...rect, 1000)).toBe(0);
    expect(rectDistance(prepareCurve(fold(['free', 'edge'])), ...rect, 1000)).toBeCloseTo(100 - 20 - FREE_END_FADE * 5);
  });
});
