import { CURVE_MODELS } from '../../../bench/big_volume/curve_fold.js';
import { LARGE_FOLD_RANGES } from '../../../bench/big_volume/fold_model.js';
import { makeGray } from '../../../src/core/image.js';
import { makeRng } from '../../../src/core/rng.js';
import { simulateShape } from '../../../src/core/simulation/index.js';
import { randomSections } from '../../io/precomputed/helpers.js';

const SIZE = 240;
const ranges = { ...LARGE_FOLD_RANGES, pull: [4, 12] as [number, number], s: [0.06, 0.1] as [number, number] };

describe.each(['branch', 'ending'])('the %s curve model', (name) => {
  const model = CURVE_MODELS.find((m) => m.name === name)!;
  const [clean] = randomSections(SIZE, SIZE, 1, 21);
  const shape = model.draw(makeRng(5), SIZE, SIZE, ranges);
  const whole = simulateShape(clean, shape).degraded;

  it('draws slopes from the large-volume range and caps the pull', () => {
    for (const fold of shape.folds) {
      expect(fold.s).toBeGreaterThanOrEqual(0.06);
      expect(Math.max(...fold.pull)).toBeLessThanOrEqual(12);
    }
  });

  it('degrades a region with its margin as the whole section, and leaves untouched boxes alone', () => {
    const m = model.readMargin(shape);
    const box = { x0: 80, y0: 90, x1: 150, y1: 160 };
    const [rx, ry] = [box.x0 - m, box.y0 - m];
    const [rw, rh] = [box.x1 - box.x0 + 2 * m, box.y1 - box.y0 + 2 * m];
    const region = makeGray(rw, rh);
    for (let y = 0; y < rh; y++) {
      region.data.set(clean.data.subarray((ry + y) * SIZE + rx, (ry + y) * SIZE + rx + rw), y * rw);
    }
    const part = model.degrade(region, { x: rx, y: ry }, shape);
    let off = 0;
    for (let y = box.y0; y < box.y1; y++) {
      for (let x = box.x0; x < box.x1; x++) {
        const d = Math.abs(part.data[(y - ry) * rw + x - rx] - whole.data[y * SIZE + x]);
        expect(d).toBeLessThanOrEqual(1); // bilinear weights may round apart in the last bit
        off += d;
      }
    }
    expect(off).toBeLessThan(5);
    let changed = 0;
    for (let y0 = 0; y0 < SIZE; y0 += 20) {
      for (let x0 = 0; x0 < SIZE; x0 += 20) {
        const touched = model.touches(shape, { x0, y0, x1: x0 + 20, y1: y0 + 20 });
        for (let y = y0; y < y0 + 20; y++) {
          for (let x = x0; x < x0 + 20; x++) {
            const differs = whole.data[y * SIZE + x] !== clean.data[y * SIZE + x];
            if (differs) changed++;
            if (!touched) expect(differs).toBe(false);
          }
        }
      }
    }
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThanOrEqual(model.influencedArea(shape, SIZE, SIZE));
  });
});
