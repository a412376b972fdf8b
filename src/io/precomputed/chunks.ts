/**
 * Unsharded chunk layout: a chunk covers [x0, x1) × [y0, y1) × [z0, z1), clipped at the volume's
 * upper bound, and its raw bytes run x fastest, then y, then z (Fortran order, one channel).
 */
import { type GrayImage, makeGray } from '../../core/image.js';
import type { Vec3 } from './info.js';

export interface ChunkBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  z0: number;
  z1: number;
}

/** File name of a chunk; `offset` is the scale's voxel_offset (names use absolute coordinates). */
export function chunkName(box: ChunkBox, offset: Vec3 = [0, 0, 0]): string {
  const [ox, oy, oz] = offset;
  return `${box.x0 + ox}-${box.x1 + ox}_${box.y0 + oy}-${box.y1 + oy}_${box.z0 + oz}-${box.z1 + oz}`;
}

/** The chunks of one z slab [z0, z1) in row-major (y, then x) order. */
export function* slabChunks(size: Vec3, chunk: Vec3, z0: number, z1: number): Generator<ChunkBox> {
  for (let y0 = 0; y0 < size[1]; y0 += chunk[1]) {
    for (let x0 = 0; x0 < size[0]; x0 += chunk[0]) {
      yield { x0, x1: Math.min(x0 + chunk[0], size[0]), y0, y1: Math.min(y0 + chunk[1], size[1]), z0, z1 };
    }
  }
}

/** Start of every z slab of a scale. */
export function slabStarts(depth: number, chunkDepth: number): number[] {
  const starts: number[] = [];
  for (let z = 0; z < depth; z += chunkDepth) starts.push(z);
  return starts;
}

/** Raw bytes of `box` from the slab's sections (`sections[0]` is section box.z0). */
export function extractChunk(sections: readonly GrayImage[], box: ChunkBox): Uint8Array {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const out = new Uint8Array(w * h * (box.z1 - box.z0));
  let o = 0;
  for (let z = box.z0; z < box.z1; z++) {
    const { width, data } = sections[z - box.z0];
    for (let y = box.y0; y < box.y1; y++, o += w) {
      out.set(data.subarray(y * width + box.x0, y * width + box.x1), o);
    }
  }
  return out;
}

/** Inverse of extractChunk: writes a chunk's bytes into the sections it covers. */
export function insertChunk(sections: readonly GrayImage[], box: ChunkBox, bytes: Uint8Array): void {
  const w = box.x1 - box.x0;
  let o = 0;
  for (let z = box.z0; z < box.z1; z++) {
    const { width, data } = sections[z - box.z0];
    for (let y = box.y0; y < box.y1; y++, o += w) {
      data.set(bytes.subarray(o, o + w), y * width + box.x0);
    }
  }
}

/**
 * The sections of the slab the `boxes` cover (`slabChunks` of a scale of `size`, from z0), from
 * their chunk files; missing chunks read as zeros, as Neuroglancer shows them.
 */
export function assembleSlab(
  size: Vec3,
  boxes: readonly ChunkBox[],
  chunks: readonly (Uint8Array | undefined)[],
): GrayImage[] {
  const { z0, z1 } = boxes[0];
  const sections = Array.from({ length: z1 - z0 }, () => makeGray(size[0], size[1]));
  boxes.forEach((box, i) => chunks[i] !== undefined && insertChunk(sections, box, chunks[i]!));
  return sections;
}
