import { makeGray } from '../../../src/core/image.js';
import { downsample2x2, pyramid } from '../../../src/io/precomputed/index.js';
import { randomSections } from './helpers.js';

describe('downsample2x2', () => {
  it('is the rounded mean of each 2×2 block, partial blocks at odd edges', () => {
    const [image] = randomSections(7, 5, 1, 3);
    const out = downsample2x2(image);
    expect([out.width, out.height]).toEqual([4, 3]);
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 4; x++) {
        const values: number[] = [];
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            const sx = 2 * x + dx,
              sy = 2 * y + dy;
            if (sx < 7 && sy < 5) values.push(image.data[sy * 7 + sx]);
          }
        }
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        expect(out.data[y * 4 + x]).toBe(Math.round(mean));
      }
    }
  });

  it('rounds halves up and keeps flat images flat', () => {
    expect(Array.from(downsample2x2(makeGray(2, 2, Uint8Array.from([0, 0, 1, 1]))).data)).toEqual([1]);
    expect(Array.from(downsample2x2(makeGray(4, 2, new Uint8Array(8).fill(77))).data)).toEqual([77, 77]);
  });

  it('builds a pyramid of the requested depth', () => {
    const [image] = randomSections(10, 6, 1, 4);
    expect(pyramid(image, 3).map((l) => [l.width, l.height])).toEqual([
      [10, 6],
      [5, 3],
      [3, 2],
    ]);
  });
});
