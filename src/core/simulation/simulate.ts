import { type GrayImage, makeGray } from '../image.js';
import { bilinear } from './bilinear.js';
import { type FoldFlow, foldFlow } from './flow.js';
import { foldLine, signedDistance } from './fold_line.js';
import type { FoldParams } from './fold_params.js';

export interface SimulatedFold {
  degraded: GrayImage;
  /** 1 inside the band |d| < L, else 0. */
  mask: GrayImage;
  /** Backward warp in the clean frame that undoes the fold (see flow.ts). */
  flow: FoldFlow;
}

/** Applies one fold to a clean section exactly as docs/fold-model.md defines it. */
export function simulateFold(image: GrayImage, params: FoldParams): SimulatedFold {
  return { ...degradeFold(image, params), flow: foldFlow(params, image.width, image.height) };
}

/** The damaged image and band mask alone, for callers that never train on the flow (evaluation). */
export function degradeFold(image: GrayImage, params: FoldParams): Omit<SimulatedFold, 'flow'> {
  const { width, height, data } = image;
  const line = foldLine(params);
  const { nx, ny } = line;
  const { L, F, s, bandGain } = params;
  const degraded = makeGray(width, height);
  const mask = makeGray(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const d = signedDistance(line, x, y);
      const absD = Math.abs(d);
      if (absD < L) {
        degraded.data[i] = Math.floor(bandGain * data[i] + 0.5);
        mask.data[i] = 1;
        continue;
      }
      // Tissue is pulled toward the line: this pixel shows what lay m further out.
      const m = Math.max(0, F - L - s * (absD - L));
      const step = m * Math.sign(d);
      degraded.data[i] = Math.floor(bilinear(image, x + step * nx, y + step * ny) + 0.5);
    }
  }
  return { degraded, mask };
}
