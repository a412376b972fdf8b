/** The detector's building blocks on small synthetic masks, where the right answer is known. */
import { trimToBand } from '../../../src/core/detection/band_profile.js';
import { dominantLine } from '../../../src/core/detection/hough.js';
import { distanceToBackground, open } from '../../../src/core/detection/morphology.js';
import { chord, chordSupport, fitCentreLine, simplify } from '../../../src/core/detection/polyline.js';

const W = 120,
  H = 100;

/** A mask with a band |d| < half around the line through (x0, y0) with direction angle. */
function band(x0: number, y0: number, angle: number, half: number): Uint8Array {
  const m = new Uint8Array(W * H);
  const nx = -Math.sin(angle),
    ny = Math.cos(angle);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) if (Math.abs((x - x0) * nx + (y - y0) * ny) < half) m[y * W + x] = 1;
  return m;
}

function indices(m: Uint8Array): Int32Array {
  const out: number[] = [];
  m.forEach((v, i) => v && out.push(i));
  return Int32Array.from(out);
}

describe('morphology', () => {
  it('measures distance to the background, without eroding from the image border', () => {
    const d = distanceToBackground(band(0, 50, 0, 5), W, H);
    expect(d[50 * W + 60]).toBeCloseTo(5, 0);
    expect(d[50 * W + 0]).toBeCloseTo(5, 0);
    expect(d[10 * W + 60]).toBe(0);
  });

  it('opening drops a thin line and keeps a wide band at its own shape', () => {
    const m = band(0, 30, 0.3, 6);
    const thin = band(0, 80, -0.2, 1.5);
    for (let i = 0; i < m.length; i++) m[i] |= thin[i];
    const { opened } = open(m, W, H, 2);
    expect(opened[80 * W + 10]).toBe(0);
    let kept = 0,
      wide = 0;
    const wideBand = band(0, 30, 0.3, 6);
    for (let i = 0; i < m.length; i++) {
      wide += wideBand[i];
      kept += wideBand[i] & opened[i];
    }
    expect(kept / wide).toBeGreaterThan(0.95);
  });
});

describe('lines', () => {
  it('clips a line to the image (its chord)', () => {
    const [a, b] = chord({ cx: 60, cy: 50, ux: 1, uy: 0 }, W, H);
    expect(a).toEqual([0, 50]);
    expect(b).toEqual([W - 1, 50]);
  });

  it('finds a band crossing the image fully covered, and a short stretch of it poorly', () => {
    const full = chordSupport(
      indices(band(0, 20, 0.4, 4)),
      W,
      chord({ cx: 0, cy: 20, ux: Math.cos(0.4), uy: Math.sin(0.4) }, W, H),
      5,
      10,
    );
    expect(full.support.coverage).toBeGreaterThan(0.95);
    expect(full.support.halfWidth).toBeGreaterThan(3);
    expect(full.support.halfWidth).toBeLessThan(5.5);
    const stub = band(0, 20, 0.4, 4).map((v, i) => (i % W < 30 ? v : 0));
    const part = chordSupport(
      indices(stub),
      W,
      chord({ cx: 0, cy: 20, ux: Math.cos(0.4), uy: Math.sin(0.4) }, W, H),
      5,
      10,
    );
    expect(part.support.coverage).toBeLessThan(0.35);
  });

  it('simplifies a straight run of points to one segment and keeps a corner', () => {
    expect(
      simplify(
        [
          [0, 0],
          [1, 0.1],
          [2, -0.1],
          [3, 0],
        ],
        0.5,
      ),
    ).toEqual([
      [0, 0],
      [3, 0],
    ]);
    expect(
      simplify(
        [
          [0, 0],
          [5, 5],
          [10, 0],
        ],
        1,
      ),
    ).toHaveLength(3);
  });

  it('fits one centre segment on a straight band', () => {
    const { support } = chordSupport(
      indices(band(0, 50, 0, 4)),
      W,
      [
        [0, 50],
        [W - 1, 50],
      ],
      6,
      12,
    );
    const line = fitCentreLine(support, W, 12, 2);
    expect(line).toHaveLength(2);
    for (const [, y] of line) expect(Math.abs(y - 50)).toBeLessThan(1);
  });

  it('takes the Hough line of a band that merged with a blob', () => {
    const m = band(0, 70, -0.35, 4);
    for (let y = 0; y < 40; y++) for (let x = 60; x < 110; x++) m[y * W + x] = 1;
    const line = dominantLine(indices(m), W, H, 4);
    // Same direction up to sign: the sine of the angle between them is ~0.
    expect(Math.abs(line.ux * Math.sin(-0.35) - line.uy * Math.cos(-0.35))).toBeLessThan(0.05);
    expect(Math.abs(line.cx * Math.sin(-0.35) - (line.cy - 70) * Math.cos(-0.35))).toBeLessThan(2);
  });
});

describe('trimToBand', () => {
  it('cuts a blob glued to the side of a band at the band edge', () => {
    const m = band(0, 50, 0, 5);
    for (let y = 55; y < 75; y++) for (let x = 50; x < 60; x++) m[y * W + x] = 1;
    const region = Int32Array.from({ length: W * H }, (_, i) => i);
    trimToBand(
      m,
      W,
      region,
      [
        [
          [0, 50],
          [W - 1, 50],
        ],
      ],
      40,
    );
    expect(m[50 * W + 55]).toBe(1);
    expect(m[54 * W + 20]).toBe(1);
    expect(m[65 * W + 55]).toBe(0);
  });
});
