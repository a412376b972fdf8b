/**
 * The block grid of a scale: chunk-aligned rectangles of ≈ 512² (the viewer's blocks,
 * block_assembly.ts), row by row. A block is the unit a fold's restoration is made in and the
 * unit both engines write restored chunks in; every chunk of a scale lies in exactly one block.
 */
import type { GridRect } from '../core/geometry/fold_field.js';
import { blockAt } from '../datasource/sff/pipeline/block_assembly.js';
import type { ChunkBox } from '../io/precomputed/chunks.js';
import type { PrecomputedScale } from '../io/precomputed/index.js';

function gridOf(scale: PrecomputedScale): Parameters<typeof blockAt>[0] {
  return { chunkDataSize: Uint32Array.from(scale.chunk_sizes[0]), upperVoxelBound: Float32Array.from(scale.size) };
}

/** The blocks of a scale, row by row (y, then x). */
export function scaleBlocks(scale: PrecomputedScale): GridRect[] {
  const grid = gridOf(scale);
  const [width, height] = scale.size;
  const out: GridRect[] = [];
  for (let y = 0; y < height;) {
    let rect = blockAt(grid, 0, y);
    for (let x = 0; x < width; x += rect.width) out.push((rect = blockAt(grid, x, y)));
    y += rect.height;
  }
  return out;
}

/** The chunks of sections [z0, z1) inside `block`, row by row. */
export function blockChunks(scale: PrecomputedScale, block: GridRect, z0: number, z1: number): ChunkBox[] {
  const [cw, ch] = scale.chunk_sizes[0];
  const out: ChunkBox[] = [];
  for (let y0 = block.y; y0 < block.y + block.height; y0 += ch) {
    for (let x0 = block.x; x0 < block.x + block.width; x0 += cw) {
      const x1 = Math.min(x0 + cw, block.x + block.width);
      out.push({ x0, x1, y0, y1: Math.min(y0 + ch, block.y + block.height), z0, z1 });
    }
  }
  return out;
}
