/**
 * A volume seen section by section, whatever stores it: a PNG directory or a precomputed volume
 * (local or http). Reading is async because a remote volume arrives chunk by chunk.
 */
import type { GrayImage } from '../core/image.js';
import { assembleSlab, slabChunks } from '../io/precomputed/chunks.js';
import type { OpenVolume, PngSectionStack } from '../io/precomputed/index.js';
import { mapLimited } from '../io/precomputed/map_limited.js';
import { type MissingBox, READS_IN_FLIGHT } from '../io/precomputed/volume.js';
import { OfflineError } from './errors.js';

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

/**
 * Sections of scale `index` of a volume, assembled from its chunks: detection runs on a coarse
 * scale (detection_scale.ts), whatever the base scale's size.
 */
export function scaleSections(volume: OpenVolume, index: number): SectionSource {
  const scale = volume.info.scales[index];
  const [width, height, depth] = scale.size;
  if (index === 0) return volumeSections(volume);
  type Slab = { sections: GrayImage[]; missing: MissingBox[] };
  let slab: { z0: number; read: Promise<Slab> } | undefined;
  const load = (z: number, signal?: AbortSignal): Promise<Slab> => {
    if (!Number.isInteger(z) || z < 0 || z >= depth) throw new OfflineError(`section ${z} is outside 0..${depth - 1}`);
    const chunkDepth = scale.chunk_sizes[0][2];
    const z0 = z - (z % chunkDepth);
    if (slab?.z0 !== z0) {
      const boxes = [...slabChunks(scale.size, scale.chunk_sizes[0], z0, Math.min(z0 + chunkDepth, depth))];
      const read = mapLimited(boxes, READS_IN_FLIGHT, (box) => volume.chunk(scale, box, signal)).then((chunks) => ({
        sections: assembleSlab(scale.size, boxes, chunks),
        missing: boxes
          .filter((_, i) => chunks[i] === undefined)
          .map((b) => ({ x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 })),
      }));
      slab = { z0, read };
    }
    const z0Now = slab.z0;
    return slab.read.then((s) => ({ sections: [s.sections[z - z0Now]], missing: s.missing }));
  };
  const read = async (z: number, signal?: AbortSignal): Promise<GrayImage> => {
    const loaded = await load(z, signal);
    missingByZ.set(z, loaded.missing);
    return loaded.sections[0];
  };
  // Known once a slab was read (a small list per section), so asking later costs no read.
  const missingByZ = new Map<number, MissingBox[]>();
  const missing = async (z: number, signal?: AbortSignal): Promise<MissingBox[]> => {
    const known = missingByZ.get(z);
    if (known !== undefined) return known;
    const found = (await load(z, signal)).missing;
    missingByZ.set(z, found);
    return found;
  };
  return { width, height, depth, read, missing };
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
