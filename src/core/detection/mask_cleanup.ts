/**
 * Clean-up of the per-pixel band mask inside its search region: keep what is connected to the
 * band's core (a dark mitochondrion beside the band is not band), fill holes (bright texture inside
 * a band is still band). Both walk only the region, not the whole section.
 */
import { forEachNeighbour8 } from './grid.js';

/**
 * Keeps the mask pixels 8-connected to one of the `core` pixels; clears the rest of the region
 * (listed in `region`: the mask is zero outside it).
 */
export function keepConnected(
  mask: Uint8Array,
  w: number,
  h: number,
  core: Iterable<number>,
  region: Int32Array,
): void {
  const stack: number[] = [];
  for (const i of core) {
    if (mask[i] === 1) {
      mask[i] = 2;
      stack.push(i);
    }
  }
  while (stack.length) {
    forEachNeighbour8(stack.pop()!, w, h, (j) => {
      if (mask[j] === 1) {
        mask[j] = 2;
        stack.push(j);
      }
    });
  }
  for (const i of region) mask[i] = mask[i] === 2 ? 1 : 0;
}

/**
 * Sets the background pixels of the region that cannot reach the region's outside (or the image
 * border) through background: holes. `inside` marks the region, `region` lists it.
 */
export function fillHoles(mask: Uint8Array, w: number, h: number, inside: Uint8Array, region: Int32Array): void {
  const outside = new Uint8Array(mask.length);
  const stack: number[] = [];
  const inRegion = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < w && y < h && inside[y * w + x] === 1;
  for (const i of region) {
    if (mask[i]) continue;
    const x = i % w,
      y = (i - x) / w;
    if (!inRegion(x - 1, y) || !inRegion(x + 1, y) || !inRegion(x, y - 1) || !inRegion(x, y + 1)) {
      outside[i] = 1;
      stack.push(i);
    }
  }
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % w,
      y = (i - x) / w;
    for (const [nx, ny] of [
      [x - 1, y],
      [x + 1, y],
      [x, y - 1],
      [x, y + 1],
    ]) {
      if (!inRegion(nx, ny)) continue;
      const j = ny * w + nx;
      if (!mask[j] && !outside[j]) {
        outside[j] = 1;
        stack.push(j);
      }
    }
  }
  for (const i of region) if (!mask[i] && !outside[i]) mask[i] = 1;
}
