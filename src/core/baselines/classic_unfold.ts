import { detectFolds, type FoldDetection } from '../detection/index.js';
import { type GrayImage, makeGray } from '../image.js';
import { checkInputSizes, type RestorationInput, type RestorationMethod } from '../restoration_method.js';
import { bilinear, type FoldFlow, type FoldParams, foldFlow } from '../simulation/index.js';
import { estimateFold, type FoldEstimate, refineBand } from './fold_geometry.js';
import { interpMethod } from './interp.js';
import { type Reach, searchReach } from './reach_search.js';

/** Fold parameters of an estimated fold and reach, in the model's own terms. */
function asParams(fold: FoldEstimate, { a, s }: Reach): FoldParams {
  return {
    x0: fold.cx,
    y0: fold.cy,
    x1: fold.cx + fold.ux,
    y1: fold.cy + fold.uy,
    L: fold.L,
    F: fold.L + a,
    s,
    bandGain: 0,
  };
}

/**
 * Inverts a fold's warp given its backward flow and fills the lost strip (no source) from `fill`.
 * With the true flow and the neighbours' mean this is the evaluation's `oracle` row (a ceiling
 * for unfolding, not a method; see bench/RESULTS.md).
 */
export function unfoldWithFlow(damaged: GrayImage, fill: GrayImage, flow: FoldFlow): GrayImage {
  const { width, height } = damaged;
  const out = makeGray(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      out.data[i] = flow.valid[i] ? Math.floor(bilinear(damaged, x + flow.fx[i], y + flow.fy[i]) + 0.5) : fill.data[i];
    }
  }
  return out;
}

/** {@link unfoldWithFlow} with the flow of one straight fold's parameters. */
export function unfoldWithParams(damaged: GrayImage, fill: GrayImage, params: FoldParams): GrayImage {
  return unfoldWithFlow(damaged, fill, foldFlow(params, damaged.width, damaged.height));
}

/** Detection finds the band; only neighbours that exist help it reject dark anatomy. */
function detect(input: RestorationInput): FoldDetection {
  const neighbours = [input.prev, input.next].filter((n): n is GrayImage => n !== undefined);
  return detectFolds(input.damaged, { neighbours });
}

/**
 * Non-learned unfolding, the paper's "PC-unfold" rung: detect the band, fit a straight fold to it,
 * find the pull (a, s) by registering the unfolded section to the neighbours' mean, invert the warp
 * and fill the lost strip with that mean. A section where no fold is found is returned as is.
 */
export const classicUnfoldMethod: RestorationMethod = {
  name: 'classic-unfold',
  async restore(input, signal) {
    checkInputSizes(input);
    const fill = await interpMethod.restore(input, signal);
    const detected = estimateFold(detect(input));
    if (detected === undefined) return makeGray(input.damaged.width, input.damaged.height, input.damaged.data.slice());
    const fold = refineBand(input.damaged, detected);
    const reach = searchReach(input.damaged, fill, fold, signal);
    return unfoldWithParams(input.damaged, fill, asParams(fold, reach));
  },
};

/** The band alone repaired: detected band pixels from the neighbours' mean, the rest untouched. */
export const fillMethod: RestorationMethod = {
  name: 'fill',
  async restore(input, signal) {
    checkInputSizes(input);
    const fill = await interpMethod.restore(input, signal);
    const { mask } = detect(input);
    const out = makeGray(input.damaged.width, input.damaged.height, input.damaged.data.slice());
    for (let i = 0; i < out.data.length; i++) if (mask.data[i]) out.data[i] = fill.data[i];
    return out;
  },
};
