/**
 * Black padding outside the imaged area is not a fold. It is flat and near 0, and it lies along
 * the image frame: along the border it touches, it touches it over (nearly) its whole extent. A
 * fold band touches a border only where it crosses it.
 */
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
  const spanX = c.maxX - c.minX + 1, spanY = c.maxY - c.minY + 1;
  const [top, right, bottom, left] = c.border;
  return Math.max(top, bottom) >= FRAME_SHARE * spanX || Math.max(left, right) >= FRAME_SHARE * spanY;
}

/** `values` are the component's coarse grey levels. */
export function isPadding(c: Component, values: Float32Array, tissue: number): boolean {
  if (!alongFrame(c) || values.length === 0) return false;
  const sorted = values.slice().sort();
  return sorted[sorted.length >> 1] <= PADDING_LEVEL * tissue;
}
