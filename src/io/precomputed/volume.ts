/**
 * An existing precomputed volume opened for chunk-wise reading (local or http): its info, whole
 * sections of the base scale, and chunk files as stored. Only one z slab (a chunk's depth of
 * sections) is decoded at a time, so memory stays bounded whatever the volume's size.
 */
import type { GrayImage } from '../../core/image.js';
import { chunkReader, type ChunkReader } from './chunk_source.js';
import { assembleSlab, type ChunkBox, slabChunks } from './chunks.js';
import { PrecomputedFormatError } from './errors.js';
import { type PrecomputedInfo, type PrecomputedScale, parseInfoText } from './info.js';
import { mapLimited } from './map_limited.js';
import { openStore, type VolumeStore } from './store.js';

export interface OpenVolume {
  store: VolumeStore;
  info: PrecomputedInfo;
  /** The info file exactly as stored (a copy keeps fields we do not model). */
  infoBytes: Uint8Array;
  /** Section z of the base scale (z counted from the scale's voxel_offset). */
  section(z: number, signal?: AbortSignal): Promise<GrayImage>;
  /**
   * The boxes (x, y, width, height in voxels) of section z's chunks that were never written: their
   * pixels in `section(z)` are 0, not data.
   */
  missingChunks(z: number, signal?: AbortSignal): Promise<MissingBox[]>;
  /**
   * One chunk of a scale decoded to raw bytes (x fastest, then y, z) whatever its encoding or
   * sharding, or undefined when it was never written.
   */
  chunk(scale: PrecomputedScale, box: ChunkBox, signal?: AbortSignal): Promise<Uint8Array | undefined>;
}

export interface MissingBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Chunk reads in flight at once (each is a file or an http request). */
export const READS_IN_FLIGHT = 16;

/** A precomputed volume (its `info` and chunk files); src/io/open_volume.ts also opens zarr. */
export async function openPrecomputedVolume(location: string, signal?: AbortSignal): Promise<OpenVolume> {
  const store = openStore(location);
  const infoBytes = await store.read('info', signal);
  if (infoBytes === undefined)
    throw new PrecomputedFormatError(
      `${store.location}/info: not found (not a precomputed volume; a zarr one is read with --zarr)`,
    );
  const info = parseInfoText(new TextDecoder().decode(infoBytes), `${store.location}/info`);
  return volumeOf(store, info, infoBytes, chunkReader(store, info));
}

/** Sections and missing chunks of any chunked volume, from its info and a decoded-chunk reader. */
export function volumeOf(
  store: VolumeStore,
  info: PrecomputedInfo,
  infoBytes: Uint8Array,
  chunk: ChunkReader,
): OpenVolume {
  const base = info.scales[0];

  let cached: { z0: number; sections: GrayImage[]; missing: MissingBox[] } | undefined;
  // Known once a slab was read (a small list per section), so asking later costs no read.
  const missingByZ = new Map<number, MissingBox[]>();
  const slab = async (z: number, s?: AbortSignal): Promise<NonNullable<typeof cached>> => {
    const depth = base.size[2];
    if (!Number.isInteger(z) || z < 0 || z >= depth)
      throw new PrecomputedFormatError(`section ${z} is outside 0..${depth - 1}`);
    const chunkDepth = base.chunk_sizes[0][2];
    const z0 = z - (z % chunkDepth);
    if (cached?.z0 !== z0) {
      const z1 = Math.min(z0 + chunkDepth, depth);
      const boxes = [...slabChunks(base.size, base.chunk_sizes[0], z0, z1)];
      const chunks = await mapLimited(boxes, READS_IN_FLIGHT, (box) => chunk(base, box, s));
      const missing = boxes
        .filter((_, i) => chunks[i] === undefined)
        .map((b) => ({ x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 }));
      cached = { z0, sections: assembleSlab(base.size, boxes, chunks), missing };
      for (let k = z0; k < z1; k++) missingByZ.set(k, missing);
    }
    return cached;
  };
  const section = async (z: number, s?: AbortSignal): Promise<GrayImage> => {
    const c = await slab(z, s);
    return c.sections[z - c.z0];
  };
  const missingChunks = async (z: number, s?: AbortSignal): Promise<MissingBox[]> =>
    missingByZ.get(z) ?? (await slab(z, s)).missing;

  return { store, info, infoBytes, section, missingChunks, chunk };
}
