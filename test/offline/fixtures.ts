/** Small stacks with simulated folds on real Gerhard tissue, for the offline restoration tests. */
import { join } from 'node:path';
import { type GrayImage } from '../../src/core/image.js';
import { cropGray } from '../../src/core/metrics/index.js';
import { type FoldParams, simulateFold } from '../../src/core/simulation/index.js';
import { readGrayPng } from '../../src/io/png.js';
import { type Vec3, stackOfImages, writePrecomputed } from '../../src/io/precomputed/index.js';

const RAW = join(import.meta.dirname, '..', '..', 'data', 'gerhard2013', 'raw');
export const SIZE = 256;

/** A band crossing the crop from the left edge to the right edge, as the simulator draws it. */
export const FOLD: Omit<FoldParams, 'x0' | 'y0' | 'x1' | 'y1'> = { L: 8, F: 40, s: 0.02, bandGain: 0 };

export function gerhardCrop(z: number, size = SIZE): GrayImage {
  const section = readGrayPng(join(RAW, `${String(z).padStart(2, '0')}.png`));
  return cropGray(section, { x: 300, y: 400, width: size, height: size });
}

/** Fold params across a size² crop (a different line per section, so folds differ). */
export function foldLine(k: number, size = SIZE): FoldParams {
  return {
    x0: 0,
    y0: Math.round(size * (0.2 + 0.1 * (k % 3))),
    x1: size - 1,
    y1: Math.round(size * (0.7 - 0.1 * (k % 3))),
    ...FOLD,
  };
}

export interface FoldedStack {
  clean: GrayImage[];
  sections: GrayImage[];
}

/** Sections first..first+depth−1 of the Gerhard stack, the ones at `folds` (0-based) folded. */
export function foldedStack(first: number, depth: number, folds: readonly number[], size = SIZE): FoldedStack {
  const clean = Array.from({ length: depth }, (_, k) => gerhardCrop(first + k, size));
  const sections = clean.map((s, k) => (folds.includes(k) ? simulateFold(s, foldLine(k, size)).degraded : s));
  return { clean, sections };
}

export const RESOLUTION: Vec3 = [4.6, 4.6, 50];

export async function writeVolume(
  dir: string,
  sections: readonly GrayImage[],
  chunkSize: Vec3,
  scales = 2,
): Promise<void> {
  await writePrecomputed(dir, stackOfImages(sections), { resolution: RESOLUTION, chunkSize, scales });
}
