/**
 * Rectangles of a section from the chunks that cover them, at any scale: a block restoration
 * reads its window (and a halo that may pass the volume's edge, where the edge pixels repeat)
 * without ever assembling the whole section. Pure.
 */
import { SffError } from '../../../core/errors.js';
import type { GridRect } from '../../../core/geometry/fold_field.js';
import { type GrayImage, makeGray } from '../../../core/image.js';
import { cropRepeatingEdges } from '../../../restoration/section_read.js';
import type { ChunkGrid } from '../base.js';
import type { FetchChunk } from './section_assembly.js';

/** Grid rectangles of the chunks of `grid` that meet `rect` (clipped to the grid). */
export function chunkRects(grid: ChunkGrid, rect: GridRect): GridRect[] {
  const [cw, ch] = grid.chunkDataSize;
  const [width, height] = grid.upperVoxelBound;
  const out: GridRect[] = [];
  const x0 = Math.max(0, rect.x),
    y0 = Math.max(0, rect.y);
  const x1 = Math.min(width, rect.x + rect.width),
    y1 = Math.min(height, rect.y + rect.height);
  for (let gy = Math.floor(y0 / ch); gy * ch < y1; gy++) {
    for (let gx = Math.floor(x0 / cw); gx * cw < x1; gx++) {
      out.push({
        x: gx * cw,
        y: gy * ch,
        width: Math.min(cw, width - gx * cw),
        height: Math.min(ch, height - gy * ch),
      });
    }
  }
  return out;
}

/** `rect` of section z, read from the chunks that intersect the grid; missing chunks are an error. */
export async function assembleRect(
  grid: ChunkGrid,
  z: number,
  rect: GridRect,
  fetchChunk: FetchChunk,
  signal: AbortSignal,
): Promise<GrayImage> {
  const [cw, ch, cd] = grid.chunkDataSize;
  const [width, height] = [grid.upperVoxelBound[0], grid.upperVoxelBound[1]];
  // The part of the rectangle inside the grid, at least one pixel (the edge repeats from it).
  const x0 = Math.min(width - 1, Math.max(0, rect.x)),
    y0 = Math.min(height - 1, Math.max(0, rect.y));
  const x1 = Math.max(x0 + 1, Math.min(width, rect.x + rect.width)),
    y1 = Math.max(y0 + 1, Math.min(height, rect.y + rect.height));
  const inside = makeGray(x1 - x0, y1 - y0);
  const layer = z % cd;
  const fetches = chunkRects(grid, { x: x0, y: y0, width: inside.width, height: inside.height }).map((r) => {
    const [gx, gy] = [r.x / cw, r.y / ch];
    const position = new Float32Array(grid.chunkDataSize.length);
    position.set([gx, gy, Math.floor(z / cd)]);
    return fetchChunk(position, signal).then((chunk) => {
      if (chunk.data === null) {
        throw new SffError('InnerSourceFailed', `section ${z}: chunk ${gx},${gy} is missing where a fold is restored`);
      }
      if (!(chunk.data instanceof Uint8Array)) {
        throw new SffError('NotUint8', `sff: restoration needs uint8 chunks, got ${chunk.data.constructor.name}`);
      }
      const [sx, sy] = chunk.chunkDataSize;
      for (let y = Math.max(y0, r.y); y < Math.min(y1, r.y + sy); y++) {
        const from = (layer * sy + y - r.y) * sx;
        const a = Math.max(x0, r.x),
          b = Math.min(x1, r.x + sx);
        inside.data.set(chunk.data.subarray(from + a - r.x, from + b - r.x), (y - y0) * inside.width + a - x0);
      }
    });
  });
  await Promise.all(fetches);
  if (x0 === rect.x && y0 === rect.y && inside.width === rect.width && inside.height === rect.height) return inside;
  return cropRepeatingEdges(inside, { x: rect.x - x0, y: rect.y - y0, width: rect.width, height: rect.height });
}

/** Pixels per block side: whole chunks, about this many. */
const BLOCK_TARGET = 512;

/** The chunk-aligned block of the grid that holds pixel (x, y), clipped to the grid. */
export function blockAt(grid: ChunkGrid, x: number, y: number): GridRect {
  const side = (axis: 0 | 1): number =>
    grid.chunkDataSize[axis] * Math.max(1, Math.round(BLOCK_TARGET / grid.chunkDataSize[axis]));
  const [sx, sy] = [side(0), side(1)];
  const bx = Math.floor(x / sx) * sx,
    by = Math.floor(y / sy) * sy;
  return {
    x: bx,
    y: by,
    width: Math.min(sx, grid.upperVoxelBound[0] - bx),
    height: Math.min(sy, grid.upperVoxelBound[1] - by),
  };
}
