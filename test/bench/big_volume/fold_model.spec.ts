import { straightFold } from '../../../bench/big_volume/fold_model.js';
import { makeGray } from '../../../src/core/image.js';
import { makeRng } from '../../../src/core/rng.js';
import { degradeFold, foldLine, signedDistance } from '../../../src/core/simulation/index.js';
import { randomSections } from '../../io/precomputed/helpers.js';

const SIZE = 200;
const RANGES = { L: [2, 6] as [number, number], pull: [4, 12] as [number, number], s: [0.05, 0.1] as [number, number] };

describe('straightFold', () => {
  it('draws a fold crossing the whole section within the ranges', () => {
    for (let seed = 0; seed < 20; seed++) {
      const p = straightFold.draw(makeRng(seed), SIZE, SIZE, RANGES);
      expect(p.L).toBeGreaterThanOrEqual(2);
      expect(p.L).toBeLessThanOrEqual(6);
      expect(p.F - p.L).toBeGreaterThanOrEqual(4);
      expect(p.F - p.L).toBeLessThanOrEqual(12);
      // From one border to the opposite one.
      expect(Math.max(Math.abs(p.x1 - p.x0), Math.abs(p.y1 - p.y0))).toBe(SIZE - 1);
    }
  });

  it('changes no pixel of a box it does not touch, and counts the pixels it changes', () => {
    const [clean] = randomSections(SIZE, SIZE, 1, 3);
    for (let seed = 0; seed < 5; seed++) {
      const p = straightFold.draw(makeRng(seed), SIZE, SIZE, RANGES);
      const damaged = degradeFold(clean, p).degraded;
      let changed = 0;
      let inReach = 0;
      const line = foldLine(p);
      for (let i = 0; i < clean.data.length; i++) {
        if (damaged.data[i] !== clean.data[i]) changed++;
        if (Math.abs(signedDistance(line, i % SIZE, Math.floor(i / SIZE))) < straightFold.reach(p)) inReach++;
      }
      expect(straightFold.influencedArea(p, SIZE, SIZE)).toBe(inReach);
      expect(changed).toBeLessThanOrEqual(inReach);
      expect(changed).toBeGreaterThan(inReach / 4);
      for (let y0 = 0; y0 < SIZE; y0 += 25) {
        for (let x0 = 0; x0 < SIZE; x0 += 25) {
          if (straightFold.touches(p, { x0, y0, x1: x0 + 25, y1: y0 + 25 })) continue;
          for (let y = y0; y < y0 + 25; y++) {
            for (let x = x0; x < x0 + 25; x++) expect(damaged.data[y * SIZE + x]).toBe(clean.data[y * SIZE + x]);
          }
        }
      }
    }
  });

  it('degrades a region with its margin exactly as the whole section', () => {
    const [clean] = randomSections(SIZE, SIZE, 1, 4);
    const p = straightFold.draw(makeRng(11), SIZE, SIZE, RANGES);
    const whole = degradeFold(clean, p).degraded;
    const m = straightFold.readMargin(p);
    const [bx, by, bw, bh] = [60, 0, 50, 70];
    const [rx, ry] = [bx - m, 0];
    const [rw, rh] = [bw + 2 * m, bh + m];
    const region = makeGray(rw, rh);
    for (let y = 0; y < rh; y++)
      region.data.set(clean.data.subarray((ry + y) * SIZE + rx, (ry + y) * SIZE + rx + rw), y * rw);
    const part = straightFold.degrade(region, { x: rx, y: ry }, p);
    for (let y = by; y < by + bh; y++) {
      for (let x = bx; x < bx + bw; x++) expect(part.data[(y - ry) * rw + x - rx]).toBe(whole.data[y * SIZE + x]);
    }
  });
});
