/**
 * Coarse stage: dark regions wide enough to be a fold band, as components with shape features.
 * Works on a block-mean downsample so that a 1024² section costs a few milliseconds.
 */
import type { FloatImage, GrayImage } from '../image.js';
import type { Sliced } from '../slices.js';
import { greyMedian } from '../stats.js';
import { boxMean } from './box_filter.js';
import { type Component, labelComponents } from './components.js';
import { blockMean } from './downsample.js';
import { open } from './morphology.js';
import type { ResolvedOptions } from './options.js';
import { type Shape, shapeOf } from './shape.js';

/**
 * A band pixel is darker than this share of the tissue level once smoothed: the simulated textured
 * band is at most 0.35 × the tissue. Thin membranes that pass are removed by the opening; thick
 * dark anatomy that survives both is told apart by its shape and reach, not by its level.
 */
export const DARK_LEVEL = 0.5;

export interface Candidate {
  component: Component;
  shape: Shape;
}

export interface CoarseMap {
  /** Downsampled section. */
  coarse: FloatImage;
  /** Tissue level: median of the coarse section. */
  tissue: number;
  /** Smoothed coarse pixels darker than DARK_LEVEL × tissue, before the opening (0/1). */
  dark: Uint8Array;
  /** Dark pixels that survived the opening (coarse indices), and their component labels. */
  darkPixels: Int32Array;
  labels: Int32Array;
  candidates: Candidate[];
}

/** Median of a float image (0..255 grey levels): the middle of the median's integer level. */
export function medianLevel(values: Float32Array): number {
  return greyMedian(values) + 0.5;
}

/** Smoothing over half the narrowest band evens out a textured band without eating its edges. */
export function smoothingRadius(options: ResolvedOptions): number {
  return options.minHalfWidth / options.factor / 2;
}

/** Candidate bands of `section`; yields between its passes over the image (see core/slices.ts). */
export function* findCandidates(section: GrayImage, options: ResolvedOptions): Sliced<CoarseMap> {
  const coarse = blockMean(section, options.factor);
  yield;
  const { width: w, height: h } = coarse;
  const coarseHalfWidth = options.minHalfWidth / options.factor;
  const smooth = boxMean(coarse, smoothingRadius(options));
  yield;
  const tissue = medianLevel(coarse.data);
  const dark = new Uint8Array(w * h);
  const limit = DARK_LEVEL * tissue;
  for (let i = 0; i < dark.length; i++) dark[i] = smooth.data[i] < limit ? 1 : 0;
  // Opening with a disc a bit narrower than the narrowest band drops membranes and specks.
  const { opened, distance } = open(dark, w, h, 0.6 * coarseHalfWidth);
  yield;
  const { labels, components } = labelComponents(opened, w, h, distance);
  yield;
  const candidates = components.map((component) => ({ component, shape: shapeOf(component) }));
  let n = 0;
  for (let i = 0; i < opened.length; i++) n += opened[i];
  const darkPixels = new Int32Array(n);
  for (let i = 0, k = 0; i < opened.length; i++) if (opened[i]) darkPixels[k++] = i;
  return { coarse, tissue, dark, darkPixels, labels, candidates };
}
