/**
 * The part of a block's window the nets run on. The fusion changes only pixels within
 * FUSION_REACH of the lost strip (`needed`), so the nets need those pixels of the block plus the
 * halo of context, not the whole window: a fold's pull reaches ~1000 px at base scale, its strip
 * ~100, so most blocks a fold influences need no net at all and the rest a band of the window.
 * The rectangle starts on the window's 16-pixel grid, as the window does on the volume's.
 */
import type { GridRect } from '../core/geometry/fold_field.js';

/**
 * Rectangle (window pixels) holding every `needed` pixel of `inner` with `halo` pixels of
 * context, clipped to the window, on the `multiple` grid of the window; null when `inner` has none.
 */
export function netRect(
  needed: Uint8Array,
  windowWidth: number,
  windowHeight: number,
  inner: GridRect,
  halo: number,
  multiple: number,
): GridRect | null {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -1,
    y1 = -1;
  for (let y = inner.y; y < inner.y + inner.height; y++) {
    const row = y * windowWidth;
    for (let x = inner.x; x < inner.x + inner.width; x++) {
      if (needed[row + x] === 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  if (x1 < 0) return null;
  const axis = (lo: number, hi: number, n: number): [number, number] => {
    const start = Math.floor(Math.max(0, lo - halo) / multiple) * multiple;
    const end = Math.min(n, start + Math.ceil((Math.min(n, hi + 1 + halo) - start) / multiple) * multiple);
    return [start, end - start];
  };
  const [x, width] = axis(x0, x1, windowWidth);
  const [y, height] = axis(y0, y1, windowHeight);
  return { x, y, width, height };
}

/** `rect` (inside the plane) of a row-major plane `width` pixels wide, as a new array of its kind. */
export function cropPlane<T extends Float32Array | Uint8Array>(plane: T, width: number, rect: GridRect): T {
  const out = new (plane.constructor as new (n: number) => T)(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const from = (rect.y + y) * width + rect.x;
    out.set(plane.subarray(from, from + rect.width), y * rect.width);
  }
  return out;
}
