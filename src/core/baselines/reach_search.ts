import { prepareCurve } from '../geometry/curve_distance.js';
import type { FoldPull } from '../geometry/fold_geometry.js';
import { searchPull } from '../geometry/pull_search.js';
import type { GrayImage } from '../image.js';
import type { FoldEstimate } from './fold_geometry.js';

/** Displacement of a fold: a = F − L at the band edge, decaying with slope s (docs/fold-model.md). */
export type Reach = FoldPull;

/** The pull of a straight fold (the classic baseline's line fit): the curve search on its line. */
export function searchReach(damaged: GrayImage, reference: GrayImage, fold: FoldEstimate, signal?: AbortSignal): Reach {
  const { cx, cy, ux, uy, L } = fold;
  const curve = prepareCurve({
    line: [
      [cx - ux, cy - uy],
      [cx + ux, cy + uy],
    ],
    halfWidths: [L, L],
    pull: [
      { a: 0, s: 0.1 },
      { a: 0, s: 0.1 },
    ],
    score: 1,
  });
  return searchPull(damaged, reference, [curve], {}, signal).pull;
}
