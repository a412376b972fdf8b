/**
 * Black padding outside the imaged area is not a fold. It is flat and near 0, and it lies along
 * the image frame: along the border it touches, it touches it over (nearly) its whole extent, and
 * it reaches further along that border than away from it. A fold band touches a border only where
 * it crosses it (a band crossing at right angles touches over its whole, short, width: it runs
 * away from that border, not along it).
 */
import { median } from '../stats.js';
import type { Component } from './components.js';

/**
 * Padding's median is below this share of the tissue level. A median, because the coarse blocks
 * at its inner edge take in tissue; a textured band (gain ≥ 0.05 of the tissue) stays above it.
 */
export const PADDING_LEVEL = 0.04;
/** Share of the component's extent along a border that must lie on that border. */
export const FRAME_SHARE = 0.8;

/** Where a region touches the frame: its bounding box and its pixel counts on each border. */
export type FrameContact = Pick<Component, 'minX' | 'maxX' | 'minY' | 'maxY' | 'border'>;

/** Lies along the image frame (see above); cheap, so it screens before the median is taken. */
export function alongFrame(c: FrameContact): boolean {
  const spanX = c.maxX - c.minX + 1,
    spanY = c.maxY - c.minY + 1;
  const [top, right, bottom, left] = c.border;
  return (
    (spanX >= spanY && Math.max(top, bottom) >= FRAME_SHARE * spanX) ||
    (spanY >= spanX && Math.max(left, right) >= FRAME_SHARE * spanY)
  );
}

/**
 * Share of a black region's dark run along its border that must be at least a band deep for it to
 * count as a fold band when the neighbours show tissue there. A fold band is at least its
 * half-width (≥ minHalfWidth) deep wherever its line runs inside the image and tapers only past
 * the line's end; padding left by a rotated frame tapers to nothing along the whole side.
 */
export const DEEP_SHARE = 0.5;

/** Steps along one border (0 top, 1 right, 2 bottom, 3 left): index of position t, depth d. */
function borderIndex(side: number, t: number, d: number, w: number, h: number): number {
  if (side === 0) return d * w + t;
  if (side === 1) return t * w + w - 1 - d;
  if (side === 2) return (h - 1 - d) * w + t;
  return t * w + d;
}

/**
 * True when, along the component's main border, the run of `dark` (unopened) pixels around it is
 * at least `depth` deep over DEEP_SHARE of its length.
 */
export function deepAlongBorder(
  c: Component,
  labels: Int32Array,
  dark: Uint8Array,
  w: number,
  h: number,
  depth: number,
): boolean {
  const side = c.border.indexOf(Math.max(...c.border));
  const n = side % 2 === 0 ? w : h;
  const reach = Math.min(Math.ceil(depth), side % 2 === 0 ? h : w);
  const at = (t: number, d = 0): number => borderIndex(side, t, d, w, h);
  let first = -1,
    last = -1;
  for (let t = 0; t < n; t++) {
    if (labels[at(t)] !== c.label) continue;
    if (first < 0) first = t;
    last = t;
  }
  if (first < 0) return false;
  while (first > 0 && dark[at(first - 1)]) first--;
  while (last < n - 1 && dark[at(last + 1)]) last++;
  let deep = 0;
  for (let t = first; t <= last; t++) {
    let d = 0;
    while (d < reach && dark[at(t, d)]) d++;
    if (d >= reach) deep++;
  }
  return deep >= DEEP_SHARE * (last - first + 1);
}

/** `values` are the component's coarse grey levels. */
export function isPadding(c: Component, values: Float32Array, tissue: number): boolean {
  if (!alongFrame(c) || values.length === 0) return false;
  return median(values) <= PADDING_LEVEL * tissue;
}
