/**
 * Region of interest around a fold: only the band and its surroundings need full-resolution
 * nets (their cost grows with the pixels: bench/inference.bench.ts), so the pipeline crops a box around the fold mask, runs
 * the nets on it and pastes the result back. Pixels outside the box stay bit-identical.
 */
import type { GrayImage } from '../core/image.js';
import { TensorShapeError } from './errors.js';
import type { TensorData } from './model_runner.js';
import { clamp, clampedRange, makeTensor, nchw, type Rect } from './tensor.js';

export interface RegionOptions {
  /** Pixels added on every side of the mask's bounding box (context for the nets). */
  readonly margin: number;
  /** Region width and height are rounded up to this (8 or 16 for U-Nets; default 1). */
  readonly multipleOf?: number;
}

/** Bounding box of the non-zero pixels of `mask`, or null when there are none. */
export function maskBounds(mask: GrayImage): Rect | null {
  let x0 = mask.width,
    y0 = mask.height,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < mask.height; ++y) {
    const row = y * mask.width;
    for (let x = 0; x < mask.width; ++x) {
      if (mask.data[row + x] === 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * `box` dilated by the margin, clipped to the image, grown (centred) to an aligned size and
 * shifted back inside the image. Only when the aligned size exceeds the image does the region
 * stick out past its far edge; crops then replicate the edge and pastes skip those pixels.
 */
export function regionAround(box: Rect, width: number, height: number, options: RegionOptions): Rect {
  const { margin, multipleOf = 1 } = options;
  if (!(margin >= 0) || !Number.isInteger(multipleOf) || multipleOf < 1) {
    throw new TensorShapeError(`region margin ${margin} must be >= 0, multipleOf ${multipleOf} a positive integer`);
  }
  const [x, w] = alignAxis(box.x, box.width, width, margin, multipleOf);
  const [y, h] = alignAxis(box.y, box.height, height, margin, multipleOf);
  return { x, y, width: w, height: h };
}

function alignAxis(start: number, size: number, n: number, margin: number, multiple: number): [number, number] {
  const lo = clamp(Math.floor(start - margin), 0, n);
  const hi = clamp(Math.ceil(start + size + margin), 0, n);
  const aligned = Math.max(multiple, Math.ceil((hi - lo) / multiple) * multiple);
  const centred = lo - Math.floor((aligned - (hi - lo)) / 2);
  return [Math.max(0, Math.min(centred, n - aligned)), aligned];
}

/** Crops `rect` from each image into one [1, images.length, h, w] tensor with values in [0, 1]. */
export function grayToTensor(images: readonly GrayImage[], rect: Rect): TensorData {
  const first = images[0];
  if (first === undefined) throw new TensorShapeError('grayToTensor needs at least one image');
  if (images.some((im) => im.width !== first.width || im.height !== first.height)) {
    throw new TensorShapeError('images stacked into one tensor must share width and height');
  }
  const xs = clampedRange(rect.x, rect.width, first.width);
  const ys = clampedRange(rect.y, rect.height, first.height);
  const out = makeTensor([1, images.length, rect.height, rect.width]);
  images.forEach((im, c) => {
    for (let y = 0; y < rect.height; ++y) {
      const src = ys[y] * im.width;
      const dst = (c * rect.height + y) * rect.width;
      for (let x = 0; x < rect.width; ++x) out.data[dst + x] = im.data[src + xs[x]] / 255;
    }
  });
  return out;
}

/**
 * A copy of `image` with `rect` replaced by channel `channel` of `tensor` ([1, C, h, w],
 * values in [0, 1], rounded to uint8). Parts of `rect` outside the image are skipped.
 */
export function pasteTensor(image: GrayImage, rect: Rect, tensor: TensorData, channel = 0): GrayImage {
  const { channels, height, width } = nchw(tensor, 'pasted tensor');
  if (height !== rect.height || width !== rect.width || channel < 0 || channel >= channels) {
    throw new TensorShapeError(
      `cannot paste channel ${channel} of a ${channels}×${width}×${height} tensor ` +
        `into a ${rect.width}×${rect.height} region`,
    );
  }
  const data = image.data.slice();
  const x0 = Math.max(0, rect.x),
    x1 = Math.min(image.width, rect.x + rect.width);
  const y0 = Math.max(0, rect.y),
    y1 = Math.min(image.height, rect.y + rect.height);
  for (let y = y0; y < y1; ++y) {
    const src = (channel * height + y - rect.y) * width - rect.x;
    for (let x = x0; x < x1; ++x) data[y * image.width + x] = Math.round(clamp(tensor.data[src + x], 0, 1) * 255);
  }
  return { width: image.width, height: image.height, data };
}
