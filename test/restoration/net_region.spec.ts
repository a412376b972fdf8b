import { cropPlane, netRect } from '../../src/restoration/net_region.js';

const W = 100,
  H = 80;
const inner = { x: 10, y: 10, width: 80, height: 60 };

describe('netRect', () => {
  it('is null when no needed pixel lies in the inner rectangle (even if the halo has some)', () => {
    const needed = new Uint8Array(W * H);
    needed[5 * W + 50] = 1; // in the halo only
    expect(netRect(needed, W, H, inner, 8, 16)).toBeNull();
  });

  it('holds the needed pixels of the block with the halo, starting on the 16 grid, clipped to the window', () => {
    const needed = new Uint8Array(W * H);
    for (let x = 20; x < 40; x++) needed[40 * W + x] = 1;
    const r = netRect(needed, W, H, inner, 8, 16)!;
    expect(r.x % 16).toBe(0);
    expect(r.y % 16).toBe(0);
    expect(r.x).toBeLessThanOrEqual(20 - 8);
    expect(r.y).toBeLessThanOrEqual(40 - 8);
    expect(r.x + r.width).toBeGreaterThanOrEqual(40 + 8);
    expect(r.y + r.height).toBeGreaterThanOrEqual(41 + 8);
    expect(r.width % 16).toBe(0);
    expect(r.height).toBeLessThan(H);
    needed.fill(1);
    expect(netRect(needed, W, H, inner, 16, 16)).toEqual({ x: 0, y: 0, width: W, height: H });
  });
});

describe('cropPlane', () => {
  it('copies the rectangle row by row, keeping the array type', () => {
    const plane = Float32Array.from({ length: 12 }, (_, i) => i); // 4 × 3
    const out = cropPlane(plane, 4, { x: 1, y: 1, width: 2, height: 2 });
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([5, 6, 9, 10]);
  });
});
