/**
 * Where the pipeline may change pixels. The nets cost time per pixel (bench/inference.bench.ts), so they run on a
 * box around the fold; pixels outside it are never written, hence stay bit-identical. Folds
 * pull tissue up to ~75 px (+ band) toward the line, and with a shallow decay the pull reaches
 * much farther: then the region is the whole section.
 */
import { dilate } from '../core/detection/morphology.js';
import type { GrayImage } from '../core/image.js';
import type { TensorData } from '../inference/model_runner.js';
import { maskBounds, regionAround } from '../inference/region.js';
import type { Rect } from '../inference/tensor.js';

/** Largest displacement the unfolding searches (F − L ≤ 75 px) plus net context. */
export const FOLD_MARGIN = 128;
/** Above this share of the section a box saves little: take the whole section. */
const WHOLE_SECTION_SHARE = 0.5;
/** A displacement below this at the region's edge is invisible after rounding to uint8. */
const FLOW_EPSILON = 0.5;

export function wholeSection(image: { width: number; height: number }): Rect {
  return { x: 0, y: 0, width: image.width, height: image.height };
}

/** Box of the mask dilated by the margin (aligned to 16 for the U-Nets), or the whole section. */
export function foldRegion(mask: GrayImage, margin = FOLD_MARGIN): Rect | null {
  const box = maskBounds(mask);
  if (box === null) return null;
  const r = regionAround(box, mask.width, mask.height, { margin, multipleOf: 16 });
  const fits = r.width <= mask.width && r.height <= mask.height;
  return fits && r.width * r.height <= WHOLE_SECTION_SHARE * mask.width * mask.height ? r : wholeSection(mask);
}

/** True when the region covers the whole section. */
export function isWhole(region: Rect, image: { width: number; height: number }): boolean {
  return (
    region.x <= 0 && region.y <= 0 && region.x + region.width >= image.width && region.y + region.height >= image.height
  );
}

/**
 * Does the flow ([1, 2, h, w] over `region`) still move pixels on an edge of the region that is
 * not the section's edge? Then the fold's pull reaches past the region.
 */
export function flowReachesEdge(flow: TensorData, region: Rect, image: { width: number; height: number }): boolean {
  const { width: w, height: h } = region;
  const plane = w * h;
  const moves = (x: number, y: number): boolean =>
    Math.hypot(flow.data[y * w + x], flow.data[plane + y * w + x]) > FLOW_EPSILON;
  const edges: [boolean, (i: number) => boolean, number][] = [
    [region.x > 0, (i) => moves(0, i), h],
    [region.x + w < image.width, (i) => moves(w - 1, i), h],
    [region.y > 0, (i) => moves(i, 0), w],
    [region.y + h < image.height, (i) => moves(i, h - 1), w],
  ];
  return edges.some(([inside, test, n]) => inside && Array.from({ length: n }, (_, i) => i).some(test));
}

/** A 0/1 plane of `tensor` (channel 0) thresholded at 0.5 and dilated by `radius` pixels. */
export function dilatedPlane(tensor: TensorData, width: number, height: number, radius: number): Uint8Array {
  const plane = new Uint8Array(width * height);
  for (let i = 0; i < plane.length; i++) plane[i] = tensor.data[i] > 0.5 ? 1 : 0;
  return radius > 0 ? dilate(plane, width, height, radius) : plane;
}

/** Whether any pixel of `rect` is set in the 0/1 plane of width `width`. */
export function anyInRect(plane: Uint8Array, width: number, rect: Rect): boolean {
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) if (plane[y * width + x]) return true;
  }
  return false;
}

/** Whether any of `boxes` overlaps `region` (null: the whole section, which every box overlaps). */
export function anyOverlaps(boxes: readonly Rect[], region: Rect | null): boolean {
  if (region === null) return boxes.length > 0;
  return boxes.some(
    (b) =>
      b.x < region.x + region.width &&
      region.x < b.x + b.width &&
      b.y < region.y + region.height &&
      region.y < b.y + b.height,
  );
}
