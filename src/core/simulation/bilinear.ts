/** Any grey or float image: bilinear sampling reads numbers, whatever the storage. */
export interface SampledImage {
  readonly width: number;
  readonly height: number;
  readonly data: ArrayLike<number>;
}

/**
 * Bilinear sample at (qx, qy) with edge-replicate clamping of the four taps, in float64 — exactly
 * the interpolation docs/fold-model.md specifies, so TypeScript and Python agree to the grey level.
 */
export function bilinear(image: SampledImage, qx: number, qy: number): number {
  const { width, height, data } = image;
  const ix = Math.floor(qx);
  const iy = Math.floor(qy);
  const fx = qx - ix;
  const fy = qy - iy;
  const x0 = ix < 0 ? 0 : ix > width - 1 ? width - 1 : ix;
  const x1 = ix + 1 < 0 ? 0 : ix + 1 > width - 1 ? width - 1 : ix + 1;
  const y0 = iy < 0 ? 0 : iy > height - 1 ? height - 1 : iy;
  const y1 = iy + 1 < 0 ? 0 : iy + 1 > height - 1 ? height - 1 : iy + 1;
  const r0 = y0 * width;
  const r1 = y1 * width;
  return (
    (1 - fy) * ((1 - fx) * data[r0 + x0] + fx * data[r0 + x1]) + fy * ((1 - fx) * data[r1 + x0] + fx * data[r1 + x1])
  );
}
