/** Small NCHW (N = 1) tensor helpers shared by tiling and region cropping. Pure, no ORT. */
import { TensorShapeError } from './errors.js';
import type { TensorData } from './model_runner.js';

/** An axis-aligned pixel rectangle; may extend past the image it refers to. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Nchw {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/** Allocates a zero tensor of the given dims (or wraps `data` after checking its length). */
export function makeTensor(dims: readonly number[], data?: Float32Array): TensorData {
  const size = dims.reduce((a, b) => a * b, 1);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TensorShapeError(`dims [${dims.join(', ')}] must be non-negative integers`);
  }
  if (data !== undefined && data.length !== size) {
    throw new TensorShapeError(`${data.length} values for dims [${dims.join(', ')}] (${size})`);
  }
  return { data: data ?? new Float32Array(size), dims: [...dims] };
}

/** Reads C, H, W of a [1, C, H, W] tensor, checking rank, batch and data length. */
export function nchw(t: TensorData, what = 'tensor'): Nchw {
  if (t.dims.length !== 4 || t.dims[0] !== 1) {
    throw new TensorShapeError(`${what} has dims [${t.dims.join(', ')}], expected [1, C, H, W]`);
  }
  const [, channels, height, width] = t.dims as [number, number, number, number];
  if (t.data.length !== channels * height * width) {
    throw new TensorShapeError(`${what} has ${t.data.length} values for dims [${t.dims.join(', ')}]`);
  }
  return { channels, height, width };
}

/**
 * Copies `rect` out of a [1, C, H, W] tensor. Parts of `rect` outside the tensor repeat the
 * nearest edge pixel, which lets U-Net inputs be padded up to an aligned size without inventing
 * dark borders a net could mistake for a fold.
 */
export function cropTensor(t: TensorData, rect: Rect): TensorData {
  const { channels, height, width } = nchw(t);
  if (height === 0 || width === 0) throw new TensorShapeError('cannot crop an empty tensor');
  const out = makeTensor([1, channels, rect.height, rect.width]);
  const ys = clampedRange(rect.y, rect.height, height);
  // Columns [a, b) of the crop lie inside the tensor: copied as one block; the rest repeat the edge.
  const a = clamp(-rect.x, 0, rect.width);
  const b = clamp(width - rect.x, a, rect.width);
  for (let c = 0; c < channels; ++c) {
    for (let y = 0; y < rect.height; ++y) {
      const src = (c * height + ys[y]) * width;
      const dst = (c * rect.height + y) * rect.width;
      out.data.set(t.data.subarray(src + rect.x + a, src + rect.x + b), dst + a);
      out.data.fill(t.data[src], dst, dst + a);
      out.data.fill(t.data[src + width - 1], dst + b, dst + rect.width);
    }
  }
  return out;
}

/** Indices start .. start+length-1, each clamped into [0, n): edge replication. */
export function clampedRange(start: number, length: number, n: number): Int32Array {
  return Int32Array.from({ length }, (_, i) => clamp(start + i, 0, n - 1));
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
