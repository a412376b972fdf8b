import { bandMask } from '../../../src/core/geometry/band.js';
import type { SectionGeometry } from '../../../src/core/geometry/fold_geometry.js';
import { simulatedCurve } from '../../../src/core/geometry/simulated.js';
import { makeGray } from '../../../src/core/image.js';
import { type CurveFold, simulateShape } from '../../../src/core/simulation/index.js';
import { straightFoldGeometry } from '../../fixtures/geometry.js';

const W = 200,
  H = 160;

describe('bandMask', () => {
  test('a straight fold: the pixels within L of its line', () => {
    const geometry = straightFoldGeometry([W, H], { from: [0, 80], to: [199, 80], L: 5, a: 10, s: 0.05 });
    const band = bandMask(geometry, { x: 0, y: 0, width: W, height: H });
    for (let y = 0; y < H; y++) expect(band[y * W + 50]).toBe(Math.abs(y - 80) < 5 ? 1 : 0);
    expect(bandMask({ ...geometry, flagged: false }, { x: 0, y: 0, width: W, height: H }).every((v) => v === 0)).toBe(
      true,
    );
  });

  test('several folds: an earlier band where the later folds pulled it, as the simulator’s damaged section shows', () => {
    // The first fold across; the second, later, runs beside it and drags the first band ~16 px towards it.
    const first: CurveFold = {
      line: [
        [-400, 60],
        [600, 70],
      ],
      L: [4, 4],
      pull: [10, 10],
      s: 0.02,
      bandGain: 0,
    };
    const second: CurveFold = {
      line: [
        [-400, 112],
        [600, 118],
      ],
      L: [5, 5],
      pull: [18, 18],
      s: 0.03,
      bandGain: 0,
    };
    const truth = simulateShape(makeGray(W, H), { folds: [first, second] }).mask;
    const rect = { x: 0, y: 0, width: W, height: H };
    const geometry: SectionGeometry = {
      frame: [W, H],
      flagged: true,
      score: 1,
      folds: [simulatedCurve(first), simulatedCurve(second)],
    };
    const disagree = (band: Uint8Array): number =>
      band.reduce((n, v, i) => n + (v !== (truth.data[i] > 0 ? 1 : 0) ? 1 : 0), 0);
    const carried = disagree(bandMask(geometry, rect));
    // Each band tested where it lay when it happened: the first band off by the second's pull.
    const alone = geometry.folds.map((fold) => bandMask({ ...geometry, folds: [fold] }, rect));
    const inPlace = disagree(alone[0].map((v, i) => v | alone[1][i]));
    // Off by a pixel on some edge pixels: the simulator warps the earlier band's mask bilinearly.
    expect(carried).toBeLessThan(0.01 * W * H);
    expect(inPlace).toBeGreaterThan(5 * carried);
  });
});
