/**
 * The box around a detected band (what a missing chunk must not overlap for the section to be
 * restored or used as a neighbour) and overlap tests. Folds pull tissue up to ~75 px (+ band)
 * toward the line; with a box over half the section, the whole section counts.
 */
import type { GrayImage } from '../core/image.js';
import { maskBounds, regionAround } from '../inference/region.js';
import type { Rect } from '../inference/tensor.js';

/** Largest displacement the unfolding searches (F − L ≤ 75 px) plus net context. */
export const FOLD_MARGIN = 128;
/** Above this share of the section a box saves little: take the whole section. */
const WHOLE_SECTION_SHARE = 0.5;

function wholeSection(image: { width: number; height: number }): Rect {
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
