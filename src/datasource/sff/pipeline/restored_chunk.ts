/**
 * A chunk's share of per-section images: restored blocks (at the chunk's own scale) replace the
 * raw layers; fold bands (drawn from the geometry at the chunk's scale) brighten them. Pure.
 */
import { bandMask } from '../../../core/geometry/band.js';
import { geometryInFrame, type SectionGeometry } from '../../../core/geometry/fold_geometry.js';
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
 * The chunk with the fold bands shown: band pixels halfway to white, so the band stays visible on
 * raw and restored pixels alike. The band is drawn from each section's geometry at the chunk's own
 * scale (not sampled from the detection scale's mask), so it is as sharp at full zoom as the
 * geometry. `geometries` per layer, null for none.
 */
export function bandOverlaid(data: Uint8Array, place: ChunkPlace, geometries: (SectionGeometry | null)[]): Uint8Array {
  const { chunkDataSize, chunkGridPosition, grid } = place;
  const out = data.slice();
  const [sx, sy] = chunkDataSize;
  const rect = { x: chunkGridPosition[0] * grid.chunkDataSize[0], y: chunkGridPosition[1] * grid.chunkDataSize[1] };
  geometries.forEach((geometry, layer) => {
    if (geometry === null || !geometry.flagged) return;
    const here = geometryInFrame(geometry, grid.upperVoxelBound[0], grid.upperVoxelBound[1]);
    const band = bandMask(here, { ...rect, width: sx, height: sy });
    const offset = layer * sx * sy;
    band.forEach((inBand, i) => {
      if (inBand) out[offset + i] = (data[offset + i] + 255) >> 1;
    });
  });
  return out;
}
