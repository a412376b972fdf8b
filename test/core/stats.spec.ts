/** The shared medians: the middle element, and the histogram median of grey levels. */
import { makeRng } from '../../src/core/rng.js';
import { greyMedian, median, ramp } from '../../src/core/stats.js';

describe('median', () => {
  test('is the middle element of an odd count, whatever the order', () => {
    expect(median([5, 1, 9, 3, 7])).toBe(5);
    expect(median(Float32Array.from([0.5, -2, 10]))).toBe(0.5);
  });

  test('is the upper middle element of an even count (one of the values, not an average)', () => {
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([10, 2])).toBe(10);
  });

  test('sorts numerically, not as strings', () => {
    expect(median([100, 9, 20])).toBe(20);
  });

  test('leaves its input as it was', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  test('is NaN for no values', () => {
    expect(median([])).toBeNaN();
  });
});

describe('greyMedian', () => {
  test('equals the lower middle of the sorted integer levels', () => {
    const rng = makeRng(7);
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const values = Uint8Array.from({ length: n }, () => rng.int(0, 255));
      const sorted = [...values].sort((a, b) => a - b);
      expect(greyMedian(values)).toBe(sorted[(n - 1) >> 1]);
    }
  });

  test('truncates float levels to their integer level and clamps to 0..255', () => {
    expect(greyMedian(Float32Array.from([10.9, 10.2, 200.7]))).toBe(10);
    expect(greyMedian([300, 400, 500])).toBe(255);
    expect(greyMedian([-5, -1, 3])).toBe(0);
  });

  test('counts only the values at the given indices', () => {
    const values = Uint8Array.from([200, 10, 200, 20, 30, 200]);
    expect(greyMedian(values, Int32Array.from([1, 3, 4]))).toBe(20);
    expect(greyMedian(values)).toBe(30);
  });
});

describe('ramp', () => {
  it('is 0 up to lo, 1 from hi, linear between', () => {
    expect([0, 2, 3, 4, 9].map((v) => ramp(v, 2, 6))).toEqual([0, 0, 0.25, 0.5, 1]);
  });
});
