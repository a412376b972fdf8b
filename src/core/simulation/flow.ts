import { foldLine, signedDistance } from './fold_line.js';
import type { FoldParams } from './fold_params.js';

/**
 * Backward-warp field in the clean frame: clean(q) = degraded(q + flow(q)) where valid = 1.
 * The lost strip |D| < F went under the band, so it has no source (valid = 0, flow 0).
 */
export interface FoldFlow {
  fx: Float32Array;
  fy: Float32Array;
  valid: Uint8Array;
}

export function foldFlow(p: FoldParams, width: number, height: number): FoldFlow {
  const line = foldLine(p);
  const { nx, ny } = line;
  const a = p.F - p.L;
  const n = width * height;
  const flow: FoldFlow = { fx: new Float32Array(n), fy: new Float32Array(n), valid: new Uint8Array(n) };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const D = signedDistance(line, x, y);
      const absD = Math.abs(D);
      if (absD < p.F) continue;
      // Inverse of |d| ↦ |d| + m(|d|): linear while the displacement is positive, identity beyond.
      const u = a - p.s * (absD - p.L) <= 0 ? absD - p.L : (absD - p.F) / (1 - p.s);
      const shift = -(absD - (p.L + u)) * Math.sign(D);
      const i = y * width + x;
      flow.fx[i] = shift * nx;
      flow.fy[i] = shift * ny;
      flow.valid[i] = 1;
    }
  }
  return flow;
}
