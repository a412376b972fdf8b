import { makeGray } from '../../../src/core/image.js';
import { mirrored2x2, timingCase } from '../../../src/core/simulation/timing_case.js';

const ramp = (size: number, offset: number) =>
  makeGray(
    size,
    size,
    Uint8Array.from({ length: size * size }, (_, i) => 100 + ((i + offset) % 50)),
  );

describe('timing case', () => {
  test('mirrors a section into a seamless 2× one', () => {
    const img = makeGray(2, 2, Uint8Array.from([1, 2, 3, 4]));
    expect(Array.from(mirrored2x2(img).data)).toEqual([1, 2, 2, 1, 3, 4, 4, 3, 3, 4, 4, 3, 1, 2, 2, 1]);
  });

  test('folds the centre section at 1× and 2×, keeping the neighbours clean', () => {
    const [prev, clean, next] = [0, 1, 2].map((k) => ramp(64, k));
    for (const size of [64, 128]) {
      const c = timingCase(prev, clean, next, size);
      expect([c.damaged.width, c.prev.width, c.next.height]).toEqual([size, size, size]);
      // The black band (bandGain 0) crosses the section: dark pixels appear only in the damaged one.
      expect(c.damaged.data.filter((v) => v === 0).length).toBeGreaterThan(size);
      expect(c.prev.data.every((v) => v >= 100)).toBe(true);
    }
  });

  test('refuses sizes it cannot make', () => {
    const img = ramp(64, 0);
    expect(() => timingCase(img, img, img, 100)).toThrow(/size 100 must be the 64² sections' size or twice it/);
  });
});
