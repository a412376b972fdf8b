import { isSffError } from '../../../src/core/errors.js';
import { makeGray } from '../../../src/core/image.js';
import {
  adaptedRandError,
  cropGray,
  psnr,
  resolveRegion,
  ssim,
  variationOfInformation,
} from '../../../src/core/metrics/index.js';
import { thrown } from '../../errors.js';

const gray = (w: number, h: number, f: (x: number, y: number) => number) => {
  const img = makeGray(w, h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.data[y * w + x] = f(x, y);
  return img;
};

describe('psnr / ssim', () => {
  const a = gray(32, 32, (x, y) => (x * 7 + y * 3) % 200);
  it('is infinite / 1 for identical images', () => {
    expect(psnr(a, a)).toBe(Infinity);
    expect(ssim(a, a)).toBeCloseTo(1, 12);
  });

  it('knows a constant offset: MSE 100 → 10·log10(255²/100)', () => {
    const b = gray(32, 32, (x, y) => ((x * 7 + y * 3) % 200) + 10);
    expect(psnr(a, b)).toBeCloseTo(10 * Math.log10(65025 / 100), 10);
  });

  it('scores only the region', () => {
    const b = gray(32, 32, (x, y) => (x < 4 ? 0 : (x * 7 + y * 3) % 200));
    expect(psnr(a, b, 255, { border: 4 })).toBe(Infinity);
    expect(psnr(a, b, 255, { x: 4, y: 0, width: 28, height: 32 })).toBe(Infinity);
    expect(psnr(a, b)).toBeLessThan(40);
  });

  it('rejects mismatched sizes, bad regions and images smaller than the window', () => {
    expect(
      isSffError(
        thrown(() => psnr(a, makeGray(31, 32))),
        'MetricsError',
      ),
    ).toBe(true);
    expect(() => psnr(a, a, 255, { border: 16 })).toThrow(/empty or outside/);
    expect(() => ssim(makeGray(6, 6), makeGray(6, 6))).toThrow(/7×7/);
  });

  it('crops regions', () => {
    const c = cropGray(a, resolveRegion({ x: 2, y: 3, width: 4, height: 5 }, 32, 32));
    expect([c.width, c.height, c.data[0], c.data[4 * 4 + 3]]).toEqual([4, 5, a.data[3 * 32 + 2], a.data[7 * 32 + 5]]);
  });
});

describe('label metrics', () => {
  const labels = (values: number[]) => ({ width: values.length, height: 1, data: Uint32Array.from(values) });
  it('counts a split in bits and sees no merge', () => {
    // One gt object cut in two equal halves: H(seg | gt) = 1 bit.
    const voi = variationOfInformation(labels([1, 1, 2, 2]), labels([7, 7, 7, 7]));
    expect(voi).toEqual({ split: 1, merge: 0, total: 1 });
    const rand = adaptedRandError(labels([1, 1, 2, 2]), labels([7, 7, 7, 7]));
    expect(rand.error).toBeGreaterThan(0);
    expect(adaptedRandError(labels([4, 4, 9, 9]), labels([1, 1, 2, 2])).error).toBe(0);
  });

  it('handles 32-bit labels beyond 2^26', () => {
    const big = labels([0xffffffff, 0xffffffff, 0xfffffffe, 0xfffffffe]);
    expect(variationOfInformation(big, labels([1, 1, 2, 2])).total).toBe(0);
  });

  it('refuses a ground truth that is all ignored', () => {
    expect(
      isSffError(
        thrown(() => adaptedRandError(labels([1, 2]), labels([0, 0]))),
        'MetricsError',
      ),
    ).toBe(true);
  });
});
