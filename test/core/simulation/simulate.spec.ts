import { makeGray, type GrayImage } from '../../../src/core/image.js';
import { makeRng } from '../../../src/core/rng.js';
import {
  bilinear,
  type FoldParams,
  foldLine,
  signedDistance,
  simulateFold,
} from '../../../src/core/simulation/index.js';

/** I(x, y) = x: bilinear sampling is exact on it, so the displacement can be read off the pixels. */
function ramp(width: number, height: number): GrayImage {
  const img = makeGray(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) img.data[y * width + x] = x;
  return img;
}

/** Smooth random texture: low interpolation error, so warp round trips can be checked tightly. */
function smooth(width: number, height: number, seed: number): GrayImage {
  const rng = makeRng(seed);
  const waves = Array.from({ length: 6 }, () => [rng.uniform(0.02, 0.12), rng.uniform(0.02, 0.12), rng.uniform(0, 6)]);
  const img = makeGray(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (const [a, b, phase] of waves) v += Math.sin(a * x + b * y + phase);
      img.data[y * width + x] = Math.round(128 + 20 * v);
    }
  }
  return img;
}

/** Vertical fold at x = X0 (half-integer so the band edges avoid pixel centres); d = X0 − x. */
const X0 = 40.5;
const vertical = (h: number, extra: Partial<FoldParams> = {}): FoldParams => ({
  x0: X0,
  y0: 0,
  x1: X0,
  y1: h - 1,
  L: 5,
  F: 20,
  s: 0.1,
  bandGain: 0,
  ...extra,
});

describe('simulateFold', () => {
  const W = 256,
    H = 16;
  const clean = ramp(W, H);

  it('blackens a band 2L wide across the line and marks exactly it in the mask', () => {
    const { degraded, mask } = simulateFold(clean, vertical(H, { L: 7 }));
    for (let y = 0; y < H; y++) {
      const row = Array.from(mask.data.subarray(y * W, (y + 1) * W));
      expect(row.reduce((a, b) => a + b, 0)).toBe(14);
      for (let x = 0; x < W; x++) {
        const inBand = Math.abs(x - X0) < 7;
        expect(row[x]).toBe(inBand ? 1 : 0);
        if (inBand) expect(degraded.data[y * W + x]).toBe(0);
      }
    }
  });

  it('keeps gain × I inside a textured band', () => {
    const { degraded } = simulateFold(clean, vertical(H, { bandGain: 0.3 }));
    expect(degraded.data[3 * W + 38]).toBe(Math.floor(0.3 * 38 + 0.5));
    expect(degraded.data[3 * W + 44]).toBe(13); // 0.3 · 44 = 13.2
  });

  it('pulls tissue from F at the band edge and decays with slope s', () => {
    const { degraded } = simulateFold(clean, vertical(H));
    // x = 46: |d| = 5.5, m = 15 − 0.1·0.5 = 14.95, source x = 60.95 → 61.
    expect(degraded.data[46]).toBe(61);
    // x = 100: |d| = 59.5, m = 15 − 0.1·54.5 = 9.55, source 109.55 → 110.
    expect(degraded.data[100]).toBe(110);
    // Left side, x = 30: |d| = 10.5, m = 15 − 0.55 = 14.45, source 15.55 → 16.
    expect(degraded.data[30]).toBe(16);
  });

  it('pulls both sides toward the line', () => {
    const { degraded } = simulateFold(clean, vertical(H));
    for (let x = 0; x < W; x++) {
      const d = X0 - x;
      if (Math.abs(d) < 5) continue;
      const m = Math.max(0, 15 - 0.1 * (Math.abs(d) - 5));
      const shown = degraded.data[8 * W + x];
      // The pixel shows tissue that lay farther from the line (source clamped at the edges).
      if (m >= 1 && x > X0) expect(shown).toBeGreaterThan(x);
      if (m >= 1 && x < X0 && x - m >= 0) expect(shown).toBeLessThan(x);
    }
  });

  it('leaves pixels beyond the reach untouched', () => {
    const img = smooth(256, 32, 3);
    const { degraded } = simulateFold(img, vertical(32));
    // m = 0 once |d| − L ≥ (F − L) / s = 150, i.e. x ≥ 196.
    for (let y = 0; y < 32; y++) {
      for (let x = 196; x < 256; x++) expect(degraded.data[y * 256 + x]).toBe(img.data[y * 256 + x]);
    }
    let changed = 0;
    for (let i = 0; i < 256 * 32; i++) if (i % 256 < 150 && degraded.data[i] !== img.data[i]) changed++;
    expect(changed).toBeGreaterThan(1000);
  });

  it('gives a flow label that recovers the clean image where valid', () => {
    const size = 160;
    const img = smooth(size, size, 7);
    const params: FoldParams = { x0: 0, y0: 30, x1: 159, y1: 120, L: 9, F: 31, s: 0.04, bandGain: 0 };
    const { degraded, flow } = simulateFold(img, params);
    const line = foldLine(params);
    let sumErr = 0,
      count = 0,
      maxErr = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const i = y * size + x;
        const lost = Math.abs(signedDistance(line, x, y)) < params.F;
        expect(flow.valid[i]).toBe(lost ? 0 : 1);
        if (lost) continue;
        const sx = x + flow.fx[i],
          sy = y + flow.fy[i];
        // Skip sources pushed out of the frame or whose taps straddle the band edge.
        if (sx < 0 || sy < 0 || sx > size - 1 || sy > size - 1) continue;
        if (Math.abs(signedDistance(line, x, y)) < params.F + 1) continue;
        const err = Math.abs(bilinear(degraded, sx, sy) - img.data[i]);
        sumErr += err;
        maxErr = Math.max(maxErr, err);
        count++;
      }
    }
    expect(sumErr / count).toBeLessThan(0.8);
    expect(maxErr).toBeLessThan(4);
    expect(count).toBeGreaterThan((size * size) / 2);
  });
});
