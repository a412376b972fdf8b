/**
 * Reads a local precomputed volume synchronously: what writer.ts writes (round-trip tests) and
 * the encodings and sharding chunk_source.ts reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrayImage } from '../../core/image.js';
import { chunkReaderSync } from './chunk_source.js';
import { assembleSlab, slabChunks, slabStarts } from './chunks.js';
import { PrecomputedFormatError } from './errors.js';
import { type PrecomputedInfo, parseInfoText } from './info.js';

export function readInfo(dir: string): PrecomputedInfo {
  const path = join(dir, 'info');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PrecomputedFormatError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return parseInfoText(text, path);
}

/** The sections of one z slab (chunk depth) of a scale, starting at section z0. */
function readSlab(dir: string, info: PrecomputedInfo, scaleIndex: number, z0: number): GrayImage[] {
  const scale = info.scales[scaleIndex];
  const z1 = Math.min(z0 + scale.chunk_sizes[0][2], scale.size[2]);
  const boxes = [...slabChunks(scale.size, scale.chunk_sizes[0], z0, z1)];
  const read = chunkReaderSync(dir);
  const chunks = boxes.map((box) => read(scale, box));
  return assembleSlab(scale.size, boxes, chunks);
}

function checkScale(info: PrecomputedInfo, scaleIndex: number): void {
  if (!Number.isInteger(scaleIndex) || scaleIndex < 0 || scaleIndex >= info.scales.length) {
    throw new PrecomputedFormatError(`scale ${scaleIndex} does not exist (the volume has ${info.scales.length})`);
  }
}

/** Section z of a scale (z counted from the scale's voxel_offset). */
export function readSection(dir: string, info: PrecomputedInfo, scaleIndex: number, z: number): GrayImage {
  checkScale(info, scaleIndex);
  const scale = info.scales[scaleIndex];
  if (!Number.isInteger(z) || z < 0 || z >= scale.size[2]) {
    throw new PrecomputedFormatError(`section ${z} is outside 0..${scale.size[2] - 1}`);
  }
  const chunkDepth = scale.chunk_sizes[0][2];
  const z0 = z - (z % chunkDepth);
  return readSlab(dir, info, scaleIndex, z0)[z - z0];
}

/** Every section of a scale, in z order. */
export function readScale(dir: string, info: PrecomputedInfo, scaleIndex = 0): GrayImage[] {
  checkScale(info, scaleIndex);
  const scale = info.scales[scaleIndex];
  return slabStarts(scale.size[2], scale.chunk_sizes[0][2]).flatMap((z0) => readSlab(dir, info, scaleIndex, z0));
}
