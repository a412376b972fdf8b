import { StripPyramid } from '../../../bench/big_volume/strip_pyramid.js';
import type { GrayImage } from '../../../src/core/image.js';
import { pyramid } from '../../../src/io/precomputed/index.js';
import { randomSections } from '../../io/precomputed/helpers.js';

describe('StripPyramid', () => {
  it('hands out every scale of an odd-sized section chunk row by chunk row, as pyramid() of the whole', async () => {
    const [a, b] = randomSections(75, 93, 2, 5);
    const levels = pyramid(a, 5);
    const got = levels.map((l) => ({
      a: new Uint8Array(l.data.length),
      b: new Uint8Array(l.data.length),
      rows: [] as number[],
    }));
    const emit = async (level: number, y0: number, [sa, sb]: readonly GrayImage[]) => {
      expect(sa.height).toBeLessThanOrEqual(16);
      got[level].a.set(sa.data, y0 * sa.width);
      got[level].b.set(sb.data, y0 * sb.width);
      got[level].rows.push(y0);
    };
    const strips = new StripPyramid(
      levels.map((l) => [l.width, l.height] as const),
      16,
      emit,
    );
    for (let y = 0; y < 93; y += 16) {
      const rows = Math.min(16, 93 - y);
      const strip = { width: 75, height: rows, data: a.data.slice(y * 75, (y + rows) * 75) };
      const other = { width: 75, height: rows, data: b.data.slice(y * 75, (y + rows) * 75) };
      await strips.push([strip, other]);
    }
    const bLevels = pyramid(b, 5);
    levels.forEach((l, i) => {
      expect(Buffer.compare(got[i].a, l.data)).toBe(0);
      expect(Buffer.compare(got[i].b, bLevels[i].data)).toBe(0);
      expect(got[i].rows).toEqual(Array.from({ length: Math.ceil(l.height / 16) }, (_, k) => 16 * k));
    });
  });

  it('hands the same image given twice out as one object at every scale', async () => {
    const [a] = randomSections(32, 32, 1, 6);
    const seen: boolean[] = [];
    const strips = new StripPyramid(
      [
        [32, 32],
        [16, 16],
        [8, 8],
      ],
      8,
      async (_l, _y, [x, y]) => {
        seen.push(x === y);
      },
    );
    for (let y = 0; y < 32; y += 8) {
      const strip = { width: 32, height: 8, data: a.data.slice(y * 32, (y + 8) * 32) };
      await strips.push([strip, strip]);
    }
    expect(seen.length).toBe(4 + 2 + 1);
    expect(seen.every(Boolean)).toBe(true);
  });
});
