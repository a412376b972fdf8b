/** A single-channel 8-bit section, row-major: pixel (x, y) is data[y * width + x]. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A float image of the same layout (intermediate results, flows, scores). */
export interface FloatImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export function makeGray(width: number, height: number, data?: Uint8Array): GrayImage {
  if (data !== undefined && data.length !== width * height) {
    throw new Error(`image data has ${data.length} values, expected ${width}×${height}`);
  }
  return { width, height, data: data ?? new Uint8Array(width * height) };
}
