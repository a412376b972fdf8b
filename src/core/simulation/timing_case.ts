/**
 * The fixed fold the speed benchmarks restore, in Node and in the browser alike, so their timings
 * compare: a straight band across the section (L 12, F 60, s 0.03) on a consecutive triplet.
 */
import { type GrayImage, makeGray } from '../image.js';
import { simulateFold } from './simulate.js';

export interface TimingCase {
  damaged: GrayImage;
  prev: GrayImage;
  next: GrayImage;
}

/** The section in four mirrored quadrants: a 2× larger section without seams. */
export function mirrored2x2(img: GrayImage): GrayImage {
  const { width: w, height: h } = img;
  const out = makeGray(2 * w, 2 * h);
  for (let y = 0; y < 2 * h; y++) {
    const sy = y < h ? y : 2 * h - 1 - y;
    for (let x = 0; x < 2 * w; x++) out.data[y * 2 * w + x] = img.data[sy * w + (x < w ? x : 2 * w - 1 - x)];
  }
  return out;
}

/**
 * The case at `size` (the triplet's size, or twice it by mirroring): `prev`, `clean`, `next` are
 * three consecutive square sections of one size.
 */
export function timingCase(prev: GrayImage, clean: GrayImage, next: GrayImage, size: number): TimingCase {
  const base = clean.width;
  if (clean.height !== base || (size !== base && size !== 2 * base)) {
    throw new Error(`timing case: size ${size} must be the ${base}² sections' size or twice it`);
  }
  const grow = size === base ? (im: GrayImage) => im : mirrored2x2;
  const params = { x0: 0, y0: 0.3 * size, x1: size - 1, y1: 0.62 * size, L: 12, F: 60, s: 0.03, bandGain: 0 };
  return { damaged: simulateFold(grow(clean), params).degraded, prev: grow(prev), next: grow(next) };
}
