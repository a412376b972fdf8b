import { contingency, type LabelImage } from './contingency.js';

export interface AdaptedRand {
  /** 1 − F-score of pair precision and recall; 0 is perfect. */
  error: number;
  precision: number;
  recall: number;
}

/** Sum over counts of n·(n − 1): twice the number of same-label pixel pairs. */
function pairs2(counts: readonly number[]): number {
  let sum = 0;
  for (const n of counts) sum += n * n - n;
  return sum;
}

/**
 * Adapted Rand error as skimage `adapted_rand_error(gt, seg)` (the SNEMI3D / ISBI 2012 definition,
 * Arganda-Carreras et al. 2015); gt label 0 is ignored by default, as there.
 */
export function adaptedRandError(
  seg: LabelImage,
  gt: LabelImage,
  options: { ignoreLabels?: readonly number[] } = {},
): AdaptedRand {
  const t = contingency(seg, gt, options.ignoreLabels ?? [0]);
  const joint = pairs2(t.joint);
  // skimage divides by the gt-row pairs for "precision" and the seg-column pairs for "recall".
  const precision = joint / pairs2(t.rowTotals);
  const recall = joint / pairs2(t.colTotals);
  const error = 1 - (2 * precision * recall) / (precision + recall);
  return { error, precision, recall };
}
