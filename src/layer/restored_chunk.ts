/**
 * A chunk's share of restored sections: the raw chunk with the layers of restored sections
 * replaced by the matching window of the restored image, box-averaged when the chunk's scale is
 * coarser than the detection scale (as precomputed pyramids are made). Pure.
 */
import type { GrayImage } from '../core/image.js';
import type { ChunkGrid } from './section_processor.js';

/**
 * @param restored per section layer of the chunk: the restored section at the detection scale, or
 *   null to keep the raw layer.
 */
export function restoredChunk(
  raw: Uint8Array,
  chunkDataSize: Uint32Array,
  chunkGridPosition: Float32Array,
  grid: ChunkGrid,
  restored: (GrayImage | null)[],
): Uint8Array {
  const out = raw.slice();
  const [sx, sy] = chunkDataSize;
  const x0 = chunkGridPosition[0] * grid.chunkDataSize[0];
  const y0 = chunkGridPosition[1] * grid.chunkDataSize[1];
  restored.forEach((image, layer) => {
    if (image === null) return;
    const fx = Math.round(image.width / grid.upperVoxelBound[0]);
    const fy = Math.round(image.height / grid.upperVoxelBound[1]);
    for (let y = 0; y < sy; y++) {
      for (let x = 0; x < sx; x++) {
        out[(layer * sy + y) * sx + x] = boxMean(image, (x0 + x) * fx, (y0 + y) * fy, fx, fy);
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
