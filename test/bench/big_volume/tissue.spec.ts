import { TiledTissue } from '../../../bench/big_volume/tissue.js';
import { stackOfImages } from '../../../src/io/precomputed/index.js';
import { randomSections } from '../../io/precomputed/helpers.js';

describe('TiledTissue', () => {
  const sections = randomSections(16, 12, 4, 7);
  const tissue = new TiledTissue(stackOfImages(sections), { first: 1, offset: [5, 3] });

  it('tiles each stack section by mirroring, shifted by the offset', () => {
    const region = tissue.region(0, 0, 0, 70, 50);
    const mirror = (u: number, n: number) => {
      const t = u % (2 * n);
      return t < n ? t : 2 * n - 1 - t;
    };
    for (let y = 0; y < 50; y++) {
      for (let x = 0; x < 70; x++) {
        const expected = sections[1].data[mirror(y + 3, 12) * 16 + mirror(x + 5, 16)];
        expect(region.data[y * 70 + x]).toBe(expected);
      }
    }
  });

  it('a region is the same pixels wherever it is cut', () => {
    const whole = tissue.region(2, 0, 0, 60, 40);
    const part = tissue.region(2, 13, 9, 30, 20);
    for (let y = 0; y < 20; y++) {
      expect(Array.from(part.data.subarray(y * 30, y * 30 + 30))).toEqual(
        Array.from(whole.data.subarray((y + 9) * 60 + 13, (y + 9) * 60 + 43)),
      );
    }
  });

  it('takes consecutive sections from consecutive stack sections, bouncing off the ends', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((z) => tissue.stackSection(z))).toEqual([1, 2, 3, 2, 1, 0, 1, 2]);
  });
});
