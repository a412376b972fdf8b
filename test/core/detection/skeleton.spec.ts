/**
 * The skeleton chains of a band part: one pixel wide, crossing bands give one straight chain each
 * (not a path that turns from one band into the other), a Y gives the through curve and its arm.
 */
import { skeletonChains, thin } from '../../../src/core/detection/skeleton.js';
import { paintBand } from '../../fixtures/bands.js';

const W = 120,
  H = 120;
const OPTIONS = { spur: 9, merge: 15, reach: 14, straight: 0.75 };

/** Grid pixels within `half` of the segment a–b. */
const band = (mask: Uint8Array, a: [number, number], b: [number, number], half: number): Uint8Array =>
  paintBand(mask, W, a, b, half, 1);

const cellsOf = (mask: Uint8Array): Int32Array => Int32Array.from([...mask.keys()].filter((i) => mask[i]));
const point = (i: number): [number, number] => [i % W, Math.floor(i / W)];
const near = (p: [number, number], q: [number, number], tol: number): boolean =>
  Math.hypot(p[0] - q[0], p[1] - q[1]) <= tol;

describe('thin', () => {
  it('leaves a one-pixel line: no pixel but the ends has other than two neighbours', () => {
    const s = thin(band(new Uint8Array(W * H), [10, 20], [110, 90], 4), W, H);
    let ends = 0,
      pixels = 0;
    for (let y = 1; y < H - 1; y++) {
      for (let x = 1; x < W - 1; x++) {
        if (!s[y * W + x]) continue;
        pixels++;
        let n = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (dx || dy) n += s[(y + dy) * W + x + dx];
        if (n === 1) ends++;
        else expect(n).toBe(2);
      }
    }
    expect(ends).toBe(2);
    expect(pixels).toBeGreaterThan(90);
  });
});

describe('skeletonChains', () => {
  /** Each band's two ends are joined by one long chain, never one band's end to the other's. */
  function expectEndToEnd(mask: Uint8Array, bands: [number, number][][]): void {
    const chains = skeletonChains(cellsOf(mask), W, H, OPTIONS);
    const long = chains.filter((c) => c.path.length > 60);
    expect(long).toHaveLength(bands.length);
    for (const [a, b] of bands) {
      const joined = long.some((c) => {
        const [p, q] = [point(c.path[0]), point(c.path[c.path.length - 1])];
        return (near(p, a, 12) && near(q, b, 12)) || (near(p, b, 12) && near(q, a, 12));
      });
      expect(joined).toBe(true);
    }
  }

  it('gives two bands crossing at a shallow angle one chain each, across the stretch they share', () => {
    // 12° apart: the bands overlap over about 40 px, which thins into one edge between two junctions.
    const mask = band(band(new Uint8Array(W * H), [0, 48], [119, 72], 4), [0, 72], [119, 48], 4);
    expectEndToEnd(mask, [
      [
        [0, 48],
        [119, 72],
      ],
      [
        [0, 72],
        [119, 48],
      ],
    ]);
  });

  it('gives two crossing bands one chain each, end to end', () => {
    const mask = band(band(new Uint8Array(W * H), [0, 10], [119, 100], 4), [0, 95], [119, 30], 4);
    const chains = skeletonChains(cellsOf(mask), W, H, OPTIONS);
    const long = chains.filter((c) => c.path.length > 60);
    expect(long).toHaveLength(2);
    for (const c of long) {
      const [a, b] = [point(c.path[0]), point(c.path[c.path.length - 1])];
      // Each chain joins the two ends of one band (within its width), never one band's end to the other's.
      const first = near(a, [0, 10], 12) || near(b, [0, 10], 12);
      const ends = first
        ? [
            [0, 10],
            [119, 100],
          ]
        : [
            [0, 95],
            [119, 30],
          ];
      const [p, q] = near(a, ends[0] as [number, number], 12) ? [a, b] : [b, a];
      expect(near(p, ends[0] as [number, number], 12)).toBe(true);
      expect(near(q, ends[1] as [number, number], 12)).toBe(true);
    }
  });

  it('gives a Y its through curve and the arm that stops at the junction', () => {
    const mask = band(band(new Uint8Array(W * H), [0, 60], [119, 60], 4), [60, 60], [119, 5], 3);
    const chains = skeletonChains(cellsOf(mask), W, H, OPTIONS).sort((a, b) => b.path.length - a.path.length);
    expect(chains.length).toBeGreaterThanOrEqual(2);
    const [main, arm] = chains;
    const ends = [point(main.path[0]), point(main.path[main.path.length - 1])].sort((p, q) => p[0] - q[0]);
    expect(ends[0][0]).toBeLessThan(10);
    expect(ends[1][0]).toBeGreaterThan(109);
    expect(Math.abs(ends[0][1] - 60)).toBeLessThan(3);
    expect(Math.abs(ends[1][1] - 60)).toBeLessThan(3);
    expect(arm.atJunction).toBe(true);
    expect(arm.path.length).toBeGreaterThan(40);
  });
});
