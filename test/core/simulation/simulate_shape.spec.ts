import { makeGray, type GrayImage } from '../../../src/core/image.js';
import { makeRng } from '../../../src/core/rng.js';
import {
  bilinear,
  type CurveFold,
  type FoldParams,
  simulateFold,
  simulateShape,
  straightFold,
  validateFoldShape,
} from '../../../src/core/simulation/index.js';

/** Smooth random texture: low interpolation error, so warp round trips can be checked tightly. */
function smooth(size: number, seed: number): GrayImage {
  const rng = makeRng(seed);
  const waves = Array.from({ length: 6 }, () => [rng.uniform(0.02, 0.12), rng.uniform(0.02, 0.12), rng.uniform(0, 6)]);
  const img = makeGray(size, size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let v = 0;
      for (const [a, b, phase] of waves) v += Math.sin(a * x + b * y + phase);
      img.data[y * size + x] = Math.round(128 + 20 * v);
    }
  }
  return img;
}

const SIZE = 160;

describe('simulateShape', () => {
  it('reproduces the straight model for a straight fold', () => {
    const img = smooth(SIZE, 1);
    const params: FoldParams = { x0: 0, y0: 30, x1: 159, y1: 120, L: 9, F: 31, s: 0.04, bandGain: 0.2 };
    const straight = simulateFold(img, params);
    const curved = simulateShape(img, { folds: [straightFold(params, SIZE, SIZE)] });
    let maskDiff = 0,
      worst = 0;
    for (let i = 0; i < SIZE * SIZE; i++) {
      maskDiff += Number(straight.mask.data[i] !== curved.mask.data[i]);
      worst = Math.max(worst, Math.abs(straight.degraded.data[i] - curved.degraded.data[i]));
    }
    expect(maskDiff).toBe(0);
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('tapers a fold that ends inside the tissue: no band and no pull past its free end', () => {
    const img = smooth(SIZE, 2);
    // From the left border to x = 100, full band up to x = 60, tapering to nothing at x = 100.
    const fold: CurveFold = {
      line: [
        [-40, 80],
        [60, 80],
        [100, 80],
      ],
      L: [8, 8, 0],
      pull: [20, 20, 0],
      s: 0.05,
      bandGain: 0,
    };
    const { degraded, mask } = simulateShape(img, { folds: [fold] });
    const column = (x: number): number =>
      Array.from({ length: SIZE }, (_, y) => mask.data[y * SIZE + x]).reduce((a, b) => a + b);
    expect(column(30)).toBe(15); // |y − 80| < 8
    expect(column(80)).toBeGreaterThan(4);
    expect(column(80)).toBeLessThan(12);
    for (let x = 101; x < SIZE; x++) expect(column(x)).toBe(0);
    // Beyond the free end the pull is 0 − s·(…) < 0: the tissue there is untouched.
    for (let y = 0; y < SIZE; y++)
      for (let x = 101; x < SIZE; x++) expect(degraded.data[y * SIZE + x]).toBe(img.data[y * SIZE + x]);
  });

  it('chains the flow of two folds so that it recovers the clean image where valid', () => {
    const img = smooth(SIZE, 3);
    const arcLine = Array.from({ length: 60 }, (_, k): [number, number] => {
      const t = -0.9 + (1.8 * k) / 59;
      return [80 + 150 * Math.sin(t), -100 + 150 * Math.cos(t)];
    });
    const shape = validateFoldShape({
      folds: [
        { line: arcLine, L: arcLine.map(() => 6), pull: arcLine.map(() => 14), s: 0.03, bandGain: 0 },
        straightFold({ x0: 40, y0: 0, x1: 60, y1: 159, L: 5, F: 18, s: 0.05, bandGain: 0 }, SIZE, SIZE),
      ],
    });
    const { degraded, mask, flow } = simulateShape(img, shape);
    // Both bands are in the mask: the arc at (80, 50), the line's near x ≈ 50.
    expect(mask.data[50 * SIZE + 80]).toBe(1);
    expect(mask.data[120 * SIZE + 55]).toBe(1);
    let sum = 0,
      count = 0;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const i = y * SIZE + x;
        if (!flow.valid[i]) continue;
        const sx = x + flow.fx[i],
          sy = y + flow.fy[i];
        if (sx < 1 || sy < 1 || sx > SIZE - 2 || sy > SIZE - 2) continue;
        sum += Math.abs(bilinear(degraded, sx, sy) - img.data[i]);
        count++;
      }
    }
    expect(count).toBeGreaterThan(0.5 * SIZE * SIZE);
    expect(sum / count).toBeLessThan(1.5);
  });
});

describe('validateFoldShape', () => {
  const fold = {
    line: [
      [0, 0],
      [10, 10],
    ],
    L: [3, 3],
    pull: [5, 5],
    s: 0.05,
    bandGain: 0,
  };
  it('accepts a well-formed shape', () => {
    expect(validateFoldShape({ folds: [fold] }).folds[0].L).toEqual([3, 3]);
  });
  it.each([
    ['no folds', { folds: [] }],
    ['one vertex', { folds: [{ ...fold, line: [[0, 0]], L: [3], pull: [5] }] }],
    ['L per vertex missing', { folds: [{ ...fold, L: [3] }] }],
    ['negative pull', { folds: [{ ...fold, pull: [5, -1] }] }],
    [
      'coinciding vertices',
      {
        folds: [
          {
            ...fold,
            line: [
              [1, 1],
              [1, 1],
            ],
          },
        ],
      },
    ],
    ['s out of range', { folds: [{ ...fold, s: 0.5 }] }],
  ])('rejects %s', (_, value) => {
    expect(() => validateFoldShape(value)).toThrow(expect.objectContaining({ kind: 'FoldParamsError' }));
  });
});
