/**
 * Whole sections from chunks: detection must see a fold as one band however the volume is
 * chunked, and its answer must not depend on which chunk the viewer asked for first. Pure: no DOM,
 * no Neuroglancer. Dimensions are x, y, z, then optional channel dimensions, which must be 1.
 */
import { SffError } from '../../../core/errors.js';
import { type GrayImage, makeGray } from '../../../core/image.js';
import type { ChunkData, ChunkGrid } from '../base.js';

export type FetchChunk = (chunkGridPosition: Float32Array, signal: AbortSignal) => Promise<ChunkData>;

/** Whether sections of this grid can be assembled: at least x, y, z, and a single channel. */
export function isSectionGrid(grid: ChunkGrid): boolean {
  const size = grid.chunkDataSize;
  return size.length >= 3 && Array.prototype.every.call(size.slice(3), (n: number) => n === 1);
}

/** The sections (voxel z) a chunk holds, clipped to the volume. */
export function sectionsOfChunk(chunkGridPosition: Float32Array, grid: ChunkGrid): number[] {
  const depth = grid.chunkDataSize[2];
  const first = chunkGridPosition[2] * depth;
  const end = Math.min(first + depth, grid.upperVoxelBound[2]);
  const sections: number[] = [];
  for (let z = first; z < end; z++) sections.push(z);
  return sections;
}

/** A chunk-sized box of a section (voxels) whose chunk the source does not have. */
export interface MissingBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A section with the boxes of its missing chunks (left 0 in the image). */
export interface AssembledSection {
  image: GrayImage;
  missing: MissingBox[];
}

/** Section `z`'s rows from every chunk of its plane, as one image; missing chunks stay 0. */
export async function assembleSection(
  grid: ChunkGrid,
  z: number,
  fetchChunk: FetchChunk,
  signal: AbortSignal,
): Promise<GrayImage> {
  return (await assembleSectionWithGaps(grid, z, fetchChunk, signal)).image;
}

/** Like assembleSection, and says which chunks were missing (their pixels are 0, not data). */
export async function assembleSectionWithGaps(
  grid: ChunkGrid,
  z: number,
  fetchChunk: FetchChunk,
  signal: AbortSignal,
): Promise<AssembledSection> {
  const [cw, ch, cd] = grid.chunkDataSize;
  const width = grid.upperVoxelBound[0];
  const height = grid.upperVoxelBound[1];
  const image = makeGray(width, height);
  const missing: MissingBox[] = [];
  const layer = z % cd;
  const fetches: Promise<void>[] = [];
  for (let gy = 0; gy * ch < height; gy++) {
    for (let gx = 0; gx * cw < width; gx++) {
      const position = new Float32Array(grid.chunkDataSize.length);
      position.set([gx, gy, Math.floor(z / cd)]);
      fetches.push(
        fetchChunk(position, signal).then((chunk) => {
          if (chunk.data !== null) pasteLayer(image, chunk, gx * cw, gy * ch, layer);
          else {
            const [x, y] = [gx * cw, gy * ch];
            missing.push({ x, y, width: Math.min(cw, width - x), height: Math.min(ch, height - y) });
          }
        }),
      );
    }
  }
  await Promise.all(fetches);
  missing.sort((a, b) => a.y - b.y || a.x - b.x);
  return { image, missing };
}

function pasteLayer(image: GrayImage, chunk: ChunkData, x0: number, y0: number, layer: number): void {
  if (!(chunk.data instanceof Uint8Array)) {
    throw new SffError('NotUint8', `sff: fold detection needs uint8 chunks, got ${chunk.data?.constructor.name}`);
  }
  const [sx, sy] = chunk.chunkDataSize;
  const rowsBefore = layer * sy;
  for (let y = 0; y < sy && y0 + y < image.height; y++) {
    const from = (rowsBefore + y) * sx;
    const row = chunk.data.subarray(from, from + Math.min(sx, image.width - x0));
    image.data.set(row, (y0 + y) * image.width + x0);
  }
}
