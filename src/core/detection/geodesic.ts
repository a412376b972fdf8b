/**
 * Centre line of a band of any shape: the geodesic diameter of its pixels (the longest shortest
 * path inside it, found by two breadth-first walks), smoothed. A straight, arced or wavy band gives
 * its centre curve; a Y gives the stem and one arm (the other arm is what is left afterwards).
 */
import { forEachNeighbour8 } from './grid.js';
import type { Point } from './polyline.js';

/** Breadth-first walk from `start` over `inside`; returns the last pixel reached and the parents. */
function walk(start: number, inside: Uint8Array, w: number, h: number, parent: Int32Array): number {
  const queue = new Int32Array(inside.length);
  let head = 0,
    tail = 0,
    last = start;
  queue[tail++] = start;
  parent[start] = start;
  while (head < tail) {
    const i = queue[head++];
    last = i;
    forEachNeighbour8(i, w, h, (j) => {
      if (inside[j] && parent[j] < 0) {
        parent[j] = i;
        queue[tail++] = j;
      }
    });
  }
  return last;
}

/** The largest 8-connected part of `pixels` (grid indices). */
export function largestPart(pixels: Int32Array, w: number, h: number): Int32Array {
  const inside = new Uint8Array(w * h);
  for (const i of pixels) inside[i] = 1;
  const parent = new Int32Array(w * h).fill(-1);
  let best: number[] = [];
  for (const i of pixels) {
    if (parent[i] >= 0) continue;
    const part: number[] = [];
    const stack = [i];
    parent[i] = i;
    while (stack.length) {
      const j = stack.pop()!;
      part.push(j);
      forEachNeighbour8(j, w, h, (k) => {
        if (inside[k] && parent[k] < 0) {
          parent[k] = j;
          stack.push(k);
        }
      });
    }
    if (part.length > best.length) best = part;
  }
  return Int32Array.from(best);
}

/**
 * The geodesic diameter path (grid indices, end to end) of the connected part of `pixels` that
 * holds pixels[0].
 */
export function geodesicDiameter(pixels: Int32Array, w: number, h: number): Int32Array {
  const inside = new Uint8Array(w * h);
  for (const i of pixels) inside[i] = 1;
  const parent = new Int32Array(w * h).fill(-1);
  const a = walk(pixels[0], inside, w, h, parent);
  parent.fill(-1);
  const b = walk(a, inside, w, h, parent);
  const path: number[] = [];
  for (let i = b; ; i = parent[i]) {
    path.push(i);
    if (i === a) break;
  }
  return Int32Array.from(path);
}

/**
 * The path as a smooth polyline: a moving average over `window` pixels (the staircase of the grid
 * walk and the wobble of a ragged band go), one vertex every `step` pixels, ends kept.
 */
export function smoothPath(path: Int32Array, w: number, window: number, step: number): Point[] {
  const n = path.length;
  const xs = Float64Array.from(path, (i) => i % w);
  const ys = Float64Array.from(path, (i) => Math.floor(i / w));
  const half = Math.max(0, Math.floor(window / 2));
  const out: Point[] = [];
  const at = (k: number): Point => {
    // Shrink the window near the ends so the ends stay where the band ends.
    const r = Math.min(half, k, n - 1 - k);
    let sx = 0,
      sy = 0;
    for (let j = k - r; j <= k + r; j++) {
      sx += xs[j];
      sy += ys[j];
    }
    return [sx / (2 * r + 1), sy / (2 * r + 1)];
  };
  const stride = Math.max(1, Math.round(step));
  for (let k = 0; k < n - 1; k += stride) out.push(at(k));
  out.push(at(n - 1));
  return out;
}
