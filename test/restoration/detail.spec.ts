import { DETAIL_GAIN, gaussianBlur, transferDetail } from '../../src/restoration/detail.js';

const W = 16,
  H = 12;
const tensor = (f: (x: number, y: number) => number) => ({
  data: Float32Array.from({ length: W * H }, (_, i) => f(i % W, Math.floor(i / W))),
  dims: [1, 1, H, W],
});

describe('transferDetail', () => {
  const lost = tensor((x) => (x >= 5 && x < 11 ? 1 : 0));
  const fill = tensor(() => 0.5);
  // neighbours with a thin dark line at x = 8 (a membrane running through the strip)
  const prev = tensor((x) => (x === 8 ? 0.1 : 0.6));
  const next = tensor((x) => (x === 8 ? 0.2 : 0.7));

  it('changes only the lost strip', () => {
    const out = transferDetail(fill, prev, next, lost);
    for (let i = 0; i < W * H; i++) if (!lost.data[i]) expect(out.data[i]).toBe(fill.data[i]);
  });

  it("puts the neighbours' fine structure into a flat fill: fill + gain · (mean − blur(mean))", () => {
    const out = transferDetail(fill, prev, next, lost);
    const mean = Float64Array.from(prev.data, (v, i) => 0.5 * (v + next.data[i]));
    const blurred = gaussianBlur(mean, W, H);
    const i = 5 * W + 8;
    expect(out.data[i]).toBeCloseTo(0.5 + DETAIL_GAIN * (mean[i] - blurred[i]), 6);
    // the membrane shows: darker on the line than beside it
    expect(out.data[i]).toBeLessThan(out.data[i + 2] - 0.2);
  });

  it('leaves a fill alone when nothing is lost, and blurs a constant to itself', () => {
    const none = tensor(() => 0);
    expect(Array.from(transferDetail(prev, prev, next, none).data)).toEqual(Array.from(prev.data));
    for (const v of gaussianBlur(fill.data, W, H)) expect(v).toBeCloseTo(0.5, 12);
  });
});
