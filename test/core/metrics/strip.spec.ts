import { isSffError } from '../../../src/core/errors.js';
import { makeGray } from '../../../src/core/image.js';
import { stripScores } from '../../../src/core/metrics/index.js';
import { makeRng } from '../../../src/core/rng.js';
import { thrown } from '../../errors.js';

const W = 40,
  H = 30;
const rng = makeRng(11);
const tissue = makeGray(
  W,
  H,
  Uint8Array.from({ length: W * H }, () => rng.int(30, 230)),
);
// the strip: columns 10-29
const strip = Uint8Array.from({ length: W * H }, (_, i) => (i % W >= 10 && i % W < 30 ? 1 : 0));

function boxBlur(img: typeof tissue): typeof tissue {
  const out = makeGray(W, H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let s = 0,
        n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx,
            yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue;
          s += img.data[yy * W + xx];
          n++;
        }
      }
      out.data[y * W + x] = Math.round(s / n);
    }
  }
  return out;
}

describe('stripScores', () => {
  it('is perfect for the tissue itself and flat for a constant fill', () => {
    expect(stripScores(tissue, tissue, strip)).toEqual({ psnr: Infinity, sharpness: 1 });
    const grey = makeGray(W, H, new Uint8Array(W * H).fill(128));
    expect(stripScores(grey, tissue, strip).sharpness).toBe(0);
  });

  it('calls a blurred fill unsharp although its PSNR is the better one', () => {
    const blurred = boxBlur(tissue);
    const other = makeGray(
      W,
      H,
      Uint8Array.from({ length: W * H }, () => rng.int(30, 230)),
    );
    const b = stripScores(blurred, tissue, strip);
    const o = stripScores(other, tissue, strip);
    expect(b.psnr).toBeGreaterThan(o.psnr);
    expect(b.sharpness).toBeLessThan(0.5);
    expect(o.sharpness).toBeGreaterThan(0.8);
  });

  it('scores only the strip', () => {
    const outside = makeGray(
      W,
      H,
      tissue.data.map((v, i) => (strip[i] ? v : 0)),
    );
    // a pixel's Laplacian reaches one pixel out: only the strip's edge columns see the change
    const s = stripScores(outside, tissue, strip);
    expect(s.psnr).toBe(Infinity);
    expect(s.sharpness).toBeGreaterThan(1);
    const inner = Uint8Array.from(strip, (v, i) => (v && i % W > 10 && i % W < 29 ? 1 : 0));
    expect(stripScores(outside, tissue, inner).sharpness).toBeCloseTo(1, 12);
  });

  it('rejects an empty strip and mismatched sizes', () => {
    expect(
      isSffError(
        thrown(() => stripScores(tissue, tissue, new Uint8Array(W * H))),
        'MetricsError',
      ),
    ).toBe(true);
    expect(() => stripScores(tissue, makeGray(W, H - 1), strip)).toThrow(/one size/);
  });
});
