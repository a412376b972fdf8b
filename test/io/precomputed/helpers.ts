/** Small deterministic fixtures for the volume writer tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GrayImage, makeGray } from '../../../src/core/image.js';
import { makeRng } from '../../../src/core/rng.js';

export function randomSections(width: number, height: number, depth: number, seed: number): GrayImage[] {
  const rng = makeRng(seed);
  return Array.from({ length: depth }, () => {
    const image = makeGray(width, height);
    for (let i = 0; i < image.data.length; i++) image.data[i] = rng.int(0, 255);
    return image;
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `sff-${prefix}-`));
}
