import type { GrayImage } from '../image.js';
import type { Rng } from '../rng.js';
import { borderPoint } from './curve_paths.js';
import { bandPixelCount } from './fold_line.js';
import type { FoldParams } from './fold_params.js';
import { type SimulatedFold, simulateFold } from './simulate.js';

/** `test`: the paper's fusion/test draw (L ≤ 20, black band); `unfold`: unfolding training (L ≤ 50). */
export type FoldDistribution = 'test' | 'unfold';

export interface SampleOptions {
  /**
   * Draw bandGain ~ U(0, 0.35) for half the samples so a model cannot key on pixel value 0.
   * Defaults to true for `unfold` and false for `test` (the paper's black band).
   */
  texturedBands?: boolean;
}

/** Fewer band pixels than this and the fold merely grazes a corner: draw again (paper's rule). */
const MIN_BAND_PIXELS = 100;

/** Seeded draw of fold parameters per docs/fold-model.md (line across the whole image). */
export function sampleFoldParams(
  rng: Rng,
  width: number,
  height: number,
  distribution: FoldDistribution,
  options: SampleOptions = {},
): FoldParams {
  const textured = options.texturedBands ?? distribution === 'unfold';
  const maxL = distribution === 'test' ? 20 : 50;
  for (;;) {
    const b0 = rng.int(0, 3);
    const b1 = (b0 + rng.int(1, 3)) % 4;
    const [x0, y0] = borderPoint(rng, b0, width, height);
    const [x1, y1] = borderPoint(rng, b1, width, height);
    const L = rng.int(5, maxL);
    const F = rng.int(L + 1, 80);
    const s = rng.uniform(1e-5, 0.1);
    const bandGain = textured && rng.next() < 0.5 ? rng.uniform(0, 0.35) : 0;
    // Two adjacent borders share a corner: both points there give no line at all.
    if (Math.hypot(x1 - x0, y1 - y0) < 1) continue;
    const params: FoldParams = { x0, y0, x1, y1, L, F, s, bandGain };
    if (bandPixelCount(params, width, height) >= MIN_BAND_PIXELS) return params;
  }
}

/** Draws parameters on the image's own size and applies the fold. */
export function simulateRandomFold(
  image: GrayImage,
  rng: Rng,
  distribution: FoldDistribution,
  options?: SampleOptions,
): SimulatedFold & { params: FoldParams } {
  const params = sampleFoldParams(rng, image.width, image.height, distribution, options);
  return { params, ...simulateFold(image, params) };
}
