/** Blocks cut from sections held whole in memory (a PNG stack, an evaluation case, a small volume). */
import type { GridRect } from '../core/geometry/fold_field.js';
import { type GrayImage, makeGray } from '../core/image.js';
import type { BlockSection, ReadBlock } from './block_restore.js';

/** `rect` of `image`, its edge pixels repeated where the rectangle extends past it. */
export function cropRepeatingEdges(image: GrayImage, rect: GridRect): GrayImage {
  const out = makeGray(rect.width, rect.height);
  const clamp = (v: number, hi: number): number => (v < 0 ? 0 : v > hi ? hi : v);
  for (let y = 0; y < rect.height; y++) {
    const row = clamp(rect.y + y, image.height - 1) * image.width;
    for (let x = 0; x < rect.width; x++)
      out.data[y * rect.width + x] = image.data[row + clamp(rect.x + x, image.width - 1)];
  }
  return out;
}

/** A ReadBlock over three whole sections. */
export function readFromSections(sections: Record<BlockSection, GrayImage>): ReadBlock {
  return async (section, rect) => cropRepeatingEdges(sections[section], rect);
}

/** Rounded mean of two sections: the reference the unfolding is registered against. */
export function meanSection(a: GrayImage, b: GrayImage): GrayImage {
  const out = makeGray(a.width, a.height);
  for (let i = 0; i < out.data.length; i++) out.data[i] = (a.data[i] + b.data[i] + 1) >> 1;
  return out;
}
