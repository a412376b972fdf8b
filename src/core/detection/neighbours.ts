/**
 * Neighbour checks: a fold is confined to one section, anatomy (a thick membrane, a mitochondrion)
 * runs on into z±1. A band that is dark in every neighbour at the same place is not a fold. Black
 * padding along the frame looks, in one section, exactly like a black fold band lying along a
 * border; with neighbours it is kept as padding when a neighbour is dark over much of it too, or
 * when it is too shallow to be a band (padding.ts: deepAlongBorder).
 */
import type { GrayImage } from '../image.js';
import { boxMean } from './box_filter.js';
import { DARK_LEVEL, medianLevel } from './candidates.js';
import { blockMean } from './downsample.js';

/** Smoothed coarse view of a neighbour and its tissue level, computed once per neighbour. */
export interface NeighbourView {
  smooth: Float32Array;
  tissue: number;
}

export function neighbourView(image: GrayImage, factor: number, radius: number): NeighbourView {
  const coarse = blockMean(image, factor);
  return { smooth: boxMean(coarse, radius).data, tissue: medianLevel(coarse.data) };
}

/** True when the band's pixels are, on average, dark in every neighbour too. */
export function darkInAllNeighbours(pixels: Int32Array, views: readonly NeighbourView[]): boolean {
  if (views.length === 0 || pixels.length === 0) return false;
  return views.every((v) => {
    let s = 0;
    for (let k = 0; k < pixels.length; k++) s += v.smooth[pixels[k]];
    return s / pixels.length < DARK_LEVEL * v.tissue;
  });
}

/**
 * Share of a padding-like region that must be dark in a neighbour for it to stay padding. A fold
 * band's pixels are tissue in z±1 (dark only where a membrane crosses, a few per cent); the frame
 * drifts a little from section to section, so half of the region is asked for, not all of it.
 */
export const PADDING_IN_NEIGHBOUR = 0.5;

/** True when some neighbour is dark over at least PADDING_IN_NEIGHBOUR of the pixels. */
export function paddingInSomeNeighbour(pixels: Int32Array, views: readonly NeighbourView[]): boolean {
  return views.some((v) => {
    const limit = DARK_LEVEL * v.tissue;
    let n = 0;
    for (let k = 0; k < pixels.length; k++) if (v.smooth[pixels[k]] < limit) n++;
    return n >= PADDING_IN_NEIGHBOUR * pixels.length;
  });
}
