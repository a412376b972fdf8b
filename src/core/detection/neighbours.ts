/**
 * Neighbour check: a fold is confined to one section, anatomy (a thick membrane, a mitochondrion)
 * runs on into z±1. A band that is dark in every neighbour at the same place is not a fold.
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
