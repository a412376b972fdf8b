import { isSffError } from '../../../src/core/errors.js';
import { makeGray } from '../../../src/core/image.js';
import { makeRng } from '../../../src/core/rng.js';
import {
  bandPixelCount,
  sampleFoldParams,
  simulateRandomFold,
  validateFoldParams,
} from '../../../src/core/simulation/index.js';
import { thrown } from '../../errors.js';

/** Which border a point lies on (a corner counts for both). */
function borders(x: number, y: number, w: number, h: number): number[] {
  const out: number[] = [];
  if (y === 0) out.push(0);
  if (x === w - 1) out.push(1);
  if (y === h - 1) out.push(2);
  if (x === 0) out.push(3);
  return out;
}

describe('sampleFoldParams', () => {
  it('is reproducible from the seed', () => {
    const a = sampleFoldParams(makeRng(42), 400, 400, 'test');
    const b = sampleFoldParams(makeRng(42), 400, 400, 'test');
    const c = sampleFoldParams(makeRng(43), 400, 400, 'test');
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('draws the test distribution within its ranges, on two different borders', () => {
    const rng = makeRng(1);
    for (let k = 0; k < 100; k++) {
      const p = sampleFoldParams(rng, 128, 96, 'test');
      expect(Number.isInteger(p.L) && p.L >= 5 && p.L <= 20).toBe(true);
      expect(Number.isInteger(p.F) && p.F > p.L && p.F <= 80).toBe(true);
      expect(p.s).toBeGreaterThanOrEqual(1e-5);
      expect(p.s).toBeLessThan(0.1);
      expect(p.bandGain).toBe(0);
      const b0 = borders(p.x0, p.y0, 128, 96);
      const b1 = borders(p.x1, p.y1, 128, 96);
      expect(b0.length).toBeGreaterThan(0);
      expect(b1.length).toBeGreaterThan(0);
      expect(b0.some((b) => b1.every((c) => c !== b)) || b1.some((b) => b0.every((c) => c !== b))).toBe(true);
      expect(bandPixelCount(p, 128, 96)).toBeGreaterThanOrEqual(100);
      expect(() => validateFoldParams(p)).not.toThrow();
    }
  });

  it('draws wider bands and textured bands for unfold training', () => {
    const rng = makeRng(2);
    const draws = Array.from({ length: 300 }, () => sampleFoldParams(rng, 128, 128, 'unfold'));
    expect(Math.max(...draws.map((p) => p.L))).toBeGreaterThan(20);
    expect(Math.max(...draws.map((p) => p.L))).toBeLessThanOrEqual(50);
    const textured = draws.filter((p) => p.bandGain > 0);
    expect(textured.length).toBeGreaterThan(110);
    expect(textured.length).toBeLessThan(190);
    expect(Math.max(...textured.map((p) => p.bandGain))).toBeLessThan(0.35);
    const plain = sampleFoldParams(makeRng(5), 256, 256, 'unfold', { texturedBands: false });
    expect(plain.bandGain).toBe(0);
  });

  it('simulateRandomFold returns the parameters it applied', () => {
    const img = makeGray(64, 64, new Uint8Array(64 * 64).fill(200));
    const out = simulateRandomFold(img, makeRng(9), 'test');
    const band = out.mask.data.reduce((a, b) => a + b, 0);
    expect(band).toBe(bandPixelCount(out.params, 64, 64));
    expect(band).toBeGreaterThanOrEqual(100);
  });
});

describe('validateFoldParams', () => {
  const good = { x0: 0, y0: 0, x1: 10, y1: 10, L: 5, F: 20, s: 0.05, bandGain: 0 };
  it.each([
    [{ ...good, L: 2.5 }, /L must be an integer/],
    [{ ...good, F: 5 }, /F must exceed L/],
    [{ ...good, s: 0.5 }, /s must lie/],
    [{ ...good, x1: 0, y1: 0 }, /coincide/],
    [{ ...good, bandGain: 'dark' }, /"bandGain" must be a finite number/],
    [null, /must be an object/],
  ])('rejects %j', (value, message) => {
    expect(
      isSffError(
        thrown(() => validateFoldParams(value)),
        'FoldParamsError',
      ),
    ).toBe(true);
    expect(() => validateFoldParams(value)).toThrow(message);
  });
});
