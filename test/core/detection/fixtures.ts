/** Sections and folds shared by the detection tests. */
import { join } from 'node:path';
import { type GrayImage, makeGray } from '../../../src/core/image.js';
import { makeRng } from '../../../src/core/rng.js';
import { type FoldParams, simulateFold } from '../../../src/core/simulation/index.js';
import { readGrayPng } from '../../../src/io/png.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The centre SIZE² of a Gerhard section: the tests stay fast and keep the section's anatomy. */
export const SIZE = 512;
const cache = new Map<number, GrayImage>();

export function gerhard(z: number): GrayImage {
  let section = cache.get(z);
  if (!section) {
    const full = readGrayPng(join(ROOT, 'data', 'gerhard2013', 'raw', `${String(z).padStart(2, '0')}.png`));
    const x0 = (full.width - SIZE) >> 1,
      y0 = (full.height - SIZE) >> 1;
    const data = new Uint8Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++)
      data.set(full.data.subarray((y0 + y) * full.width + x0, (y0 + y) * full.width + x0 + SIZE), y * SIZE);
    section = makeGray(SIZE, SIZE, data);
    cache.set(z, section);
  }
  return section;
}

export function fold(
  section: GrayImage,
  params: Partial<FoldParams> = {},
): { degraded: GrayImage; mask: GrayImage; params: FoldParams } {
  const p: FoldParams = { x0: 65, y0: 0, x1: 430, y1: SIZE - 1, L: 8, F: 40, s: 0.05, bandGain: 0, ...params };
  const { degraded, mask } = simulateFold(section, p);
  return { degraded, mask, params: p };
}

export { maskIoU as iou } from '../../../src/core/metrics/index.js';

/** Distance of point (x, y) from the infinite line through the fold's two points. */
export function distanceToLine(p: FoldParams, x: number, y: number): number {
  const len = Math.hypot(p.x1 - p.x0, p.y1 - p.y0);
  return Math.abs((x - p.x0) * (p.y1 - p.y0) - (y - p.y0) * (p.x1 - p.x0)) / len;
}

/**
 * Featureless tissue: grey noise around 160 with no dark anatomy, so a band at the frame cannot
 * merge with a membrane and only the frame rules decide.
 */
export function plainTissue(seed: number, size = SIZE): GrayImage {
  const rng = makeRng(seed);
  return makeGray(
    size,
    size,
    Uint8Array.from({ length: size * size }, () => rng.int(110, 210)),
  );
}
