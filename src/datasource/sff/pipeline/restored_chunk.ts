/**
 * A chunk's share of per-section images: restored blocks (at the chunk's own scale) replace the
 * raw layers; fold masks (detection scale, box-averaged when the chunk's scale is coarser)
 * brighten them. Pure.
 */
import type { GrayImage } from '../../../core/image.js';
import type { ChunkGrid } from '../base.js';
import type { BlockResult } from './block_restorer.js';

/** Where a chunk sits: its data size (partial at the volume's edge), grid position and grid. */
export interface ChunkPlace {
  chunkDataSize: Uint32Array;
  chunkGridPosition: Float32Array;
  grid: ChunkGrid;
}

/**
 * The raw chunk with the layers of restored sections replaced by the matching window of their
 * restored block. `blocks` per section layer of the chunk: a block holding the chunk, or null
 * (or a block without pixels) to keep the raw layer.
 */
export function restoredChunk(raw: Uint8Array, place: ChunkPlace, blocks: (BlockResult | null)[]): Uint8Array {
  const { chunkDataSize, chunkGridPosition, grid } = place;
  const out = raw.slice();
  const [sx, sy] = chunkDataSize;
  const x0 = chunkGridPosition[0] * grid.chunkDataSize[0];
  const y0 = chunkGridPosition[1] * grid.chunkDataSize[1];
  blocks.forEach((block, layer) => {
    const image = block?.image;
    if (!block || !image) return;
    const { rect } = block;
    for (let y = 0; y < sy; y++) {
      const from = (y0 + y - rect.y) * image.width + x0 - rect.x;
      out.set(image.data.subarray(from, from + sx), (layer * sy + y) * sx);
    }
  });
  return out;
}

/**
 * The chunk with the fold masks (0/1, detection scale) shown: masked pixels halfway to white, so
 * the band stays visible on raw and restored pixels alike. `masks` per layer, null for none.
 */
export function maskOverlaid(data: Uint8Array, place: ChunkPlace, masks: (GrayImage | null)[]): Uint8Array {
  const { chunkDataSize, chunkGridPosition, grid } = place;
  const out = data.slice();
  const raw = data;
  const images = masks;
  const paint = (value: number, inMask: number): number => (inMask > 0 ? (value + 255) >> 1 : value);
  const [sx, sy] = chunkDataSize;
  const x0 = chunkGridPosition[0] * grid.chunkDataSize[0];
  const y0 = chunkGridPosition[1] * grid.chunkDataSize[1];
  images.forEach((image, layer) => {
    if (image === null || image.width === 0) return;
    const fx = Math.round(image.width / grid.upperVoxelBound[0]);
    const fy = Math.round(image.height / grid.upperVoxelBound[1]);
    for (let y = 0; y < sy; y++) {
      for (let x = 0; x < sx; x++) {
        const i = (layer * sy + y) * sx + x;
        out[i] = paint(raw[i], boxMean(image, (x0 + x) * fx, (y0 + y) * fy, fx, fy));
      }
    }
  });
  return out;
}

function boxMean(image: GrayImage, bx: number, by: number, fx: number, fy: number): number {
  let sum = 0;
  let n = 0;
  for (let y = by; y < Math.min(by + fy, image.height); y++) {
    for (let x = bx; x < Math.min(bx + fx, image.width); x++) {
      sum += image.data[y * image.width + x];
      n++;
    }
  }
  return n === 0 ? 0 : Math.round(sum / n);
}
