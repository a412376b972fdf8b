/**
 * The pixels a layer has on the main thread (what it draws), per chunk, and their PSNR against a
 * ground truth: browser tests score what the viewer shows without screen resampling.
 */
import type { Page } from 'playwright-core';
import type { GrayImage } from '../../src/core/image.js';

export interface ChunkPixels {
  x: number;
  y: number;
  width: number;
  height: number;
  data: number[];
}

/** Chunks of `section` at the scale `size` voxels wide that each layer holds, by source type. */
export function loadedChunks(page: Page, section: number, size: number): Promise<Record<string, ChunkPixels[]>> {
  return page.evaluate(
    ({ z, size }) => {
      const out: Record<string, ChunkPixels[]> = {};
      for (const source of (window as any).viewer.chunkManager.memoize.map.values()) {
        const spec = source.spec;
        if (source.chunks === undefined || spec?.upperVoxelBound?.[0] !== size) continue;
        const list: ChunkPixels[] = (out[source.RPC_TYPE_ID] ??= []);
        for (const chunk of source.chunks.values()) {
          const p = chunk.chunkGridPosition;
          if (p[2] !== z || !chunk.data) continue;
          const [w, h] = chunk.chunkDataSize ?? spec.chunkDataSize;
          list.push({
            x: p[0] * spec.chunkDataSize[0],
            y: p[1] * spec.chunkDataSize[1],
            width: w,
            height: h,
            data: Array.from(chunk.data),
          });
        }
      }
      return out;
    },
    { z: section, size },
  );
}

/** The raw and the sff:// layer's chunks that both layers hold (the same chunk at the same index). */
export function pairedChunks(chunks: Record<string, ChunkPixels[]>): { raw: ChunkPixels[]; served: ChunkPixels[] } {
  const key = (c: ChunkPixels): string => `${c.x},${c.y}`;
  const raw = new Map((chunks['precomputed/VolumeChunkSource'] ?? []).map((c) => [key(c), c]));
  const served = (chunks['sff/VolumeChunkSource'] ?? []).filter((c) => raw.has(key(c)));
  return { raw: served.map((c) => raw.get(key(c))!), served };
}

/**
 * PSNR over the chunk windows; `image` (whole section) stands in for the chunks' own pixels when
 * given; `mask` (whole section, 0/1) limits it to its pixels.
 */
export function psnr(chunks: ChunkPixels[], truth: GrayImage, image?: GrayImage, mask?: Uint8Array): number {
  let sq = 0;
  let n = 0;
  for (const c of chunks) {
    for (let y = 0; y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        const i = (c.y + y) * truth.width + c.x + x;
        if (mask !== undefined && !mask[i]) continue;
        const d = (image === undefined ? c.data[y * c.width + x] : image.data[i]) - truth.data[i];
        sq += d * d;
        n++;
      }
    }
  }
  return 10 * Math.log10((255 * 255) / (sq / n));
}
