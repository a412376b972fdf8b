/**
 * Writes stage outputs back into a copy of the damaged section. Only pixels a stage actually
 * changed are written: outside the region nothing, inside it only where the unfolding moved
 * tissue or the fusion filled the lost strip, so everything else stays bit-identical.
 */
import type { GrayImage } from '../core/image.js';
import type { TensorData } from '../inference/model_runner.js';
import type { Rect } from '../inference/tensor.js';

/** Below this the warp samples the pixel itself: keep its original bytes. */
const STILL = 1e-3;

export interface RegionOutputs {
  /** Unfolded region and its flow ([1, 2, h, w]); absent when no unfolding ran. */
  unfolded?: TensorData;
  flow?: TensorData;
  /** Fusion output and where it is used (1 = take it); absent when no fusion ran. */
  fused?: TensorData;
  fusedWhere?: Uint8Array;
}

const toByte = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 255);

/** The damaged section with the region's outputs pasted where they apply. */
export function composeRegion(damaged: GrayImage, region: Rect, out: RegionOutputs): GrayImage {
  const data = damaged.data.slice();
  const { width: w, height: h } = region;
  const plane = w * h;
  for (let y = 0; y < h; y++) {
    const iy = region.y + y;
    if (iy < 0 || iy >= damaged.height) continue;
    for (let x = 0; x < w; x++) {
      const ix = region.x + x;
      if (ix < 0 || ix >= damaged.width) continue;
      const r = y * w + x;
      const i = iy * damaged.width + ix;
      if (out.fused !== undefined && out.fusedWhere?.[r]) data[i] = toByte(out.fused.data[r]);
      else if (out.unfolded !== undefined && out.flow !== undefined) {
        const moved = Math.abs(out.flow.data[r]) > STILL || Math.abs(out.flow.data[plane + r]) > STILL;
        if (moved) data[i] = toByte(out.unfolded.data[r]);
      }
    }
  }
  return { width: damaged.width, height: damaged.height, data };
}
