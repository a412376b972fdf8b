import { contingency, type LabelImage } from './contingency.js';

export interface VariationOfInformation {
  /** H(seg | gt) in bits: over-segmentation, gt objects cut into pieces. */
  split: number;
  /** H(gt | seg) in bits: under-segmentation, gt objects glued together. */
  merge: number;
  total: number;
}

/**
 * Variation of information as skimage `variation_of_information(gt, seg)` returns it
 * ([false splits, false merges], log base 2). CREMI's `voi` is the same quantity with gt label 0
 * ignored: pass `ignoreLabels: [0]` for that; skimage's default ignores nothing.
 */
export function variationOfInformation(
  seg: LabelImage,
  gt: LabelImage,
  options: { ignoreLabels?: readonly number[] } = {},
): VariationOfInformation {
  const t = contingency(seg, gt, options.ignoreLabels ?? []);
  let split = 0,
    merge = 0;
  for (let k = 0; k < t.joint.length; k++) {
    const p = t.joint[k] / t.total;
    split -= p * Math.log2(t.joint[k] / t.rowTotals[t.rowOfCell[k]]);
    merge -= p * Math.log2(t.joint[k] / t.colTotals[t.colOfCell[k]]);
  }
  // −0 for identical segmentations reads oddly in reports.
  split = Math.abs(split);
  merge = Math.abs(merge);
  return { split, merge, total: split + merge };
}
