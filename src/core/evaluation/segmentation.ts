/**
 * The segmentation check of the evaluation (as Huang et al. 2020 score restorations): segments of
 * the restored section, from a membrane net, against the ground truth's 2-D segments.
 */
import type { GrayImage } from '../image.js';
import { adaptedRandError, type LabelImage, type Region, variationOfInformation } from '../metrics/index.js';
import { labelSegments, segmentsFromMembranes } from '../segmentation/index.js';

/** Membrane probability per pixel (row-major, the image's size) of one section. */
export type MembraneModel = (image: GrayImage, signal?: AbortSignal) => Promise<Float32Array>;

export interface SegmentationCheck {
  /** Dense labels of every section of the stack (same size), Gerhard 2013 classes. */
  labels: readonly GrayImage[];
  membranes: MembraneModel;
}

export interface SegmentationScores {
  /** Variation of information in bits, gt membranes ignored (CREMI's convention). */
  voi: number;
  /** Adapted Rand error, gt membranes ignored. */
  arand: number;
}

/** Segments `image` with the membrane model and scores them against `truth` (labels) in `region`. */
export async function scoreSegmentation(
  image: GrayImage,
  truth: GrayImage,
  membranes: MembraneModel,
  region: Region,
  signal?: AbortSignal,
): Promise<SegmentationScores> {
  const probability = await membranes(image, signal);
  // both cropped after segmenting, so a cell joined only outside the region stays one on both sides
  const seg = cropLabels(segmentsFromMembranes(probability, image.width, image.height), region);
  const gt = cropLabels(labelSegments(truth), region);
  return {
    voi: variationOfInformation(seg, gt, { ignoreLabels: [0] }).total,
    arand: adaptedRandError(seg, gt).error,
  };
}

function cropLabels(labels: LabelImage, r: Region): LabelImage {
  const data = new Uint32Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) {
    const start = (r.y + y) * labels.width + r.x;
    data.set(labels.data.subarray(start, start + r.width), y * r.width);
  }
  return { width: r.width, height: r.height, data };
}
