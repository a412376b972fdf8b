/**
 * A volume seen section by section, whatever stores it: a PNG directory or a precomputed volume
 * (local or http). Reading is async because a remote volume arrives chunk by chunk.
 */
import type { GrayImage } from '../core/image.js';
import type { OpenVolume, PngSectionStack } from '../io/precomputed/index.js';
import type { MissingBox } from '../io/precomputed/volume.js';

export interface SectionSource {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  read(z: number, signal?: AbortSignal): Promise<GrayImage>;
  /** Boxes of section z whose chunks the store does not have (their pixels are 0); none if absent. */
  missing?(z: number, signal?: AbortSignal): Promise<MissingBox[]>;
}

export function pngSections(stack: PngSectionStack): SectionSource {
  const { width, height, depth } = stack;
  return { width, height, depth, read: async (z) => stack.section(z) };
}

/** The base (full-resolution) scale of a volume. */
export function volumeSections(volume: OpenVolume): SectionSource {
  const [width, height, depth] = volume.info.scales[0].size;
  return {
    width,
    height,
    depth,
    read: (z, signal) => volume.section(z, signal),
    missing: (z, signal) => volume.missingChunks(z, signal),
  };
}
