/**
 * Rectangles of one scale of a volume, read through a small cache of decoded chunks: a block
 * restoration reads its window of three sections, and neighbouring blocks share chunks. Edge
 * pixels repeat past the volume's edge (as the viewer's block reads do).
 */
import type { GridRect } from '../core/geometry/fold_field.js';
import { type GrayImage, makeGray } from '../core/image.js';
import type { ChunkBox } from '../io/precomputed/chunks.js';
import type { OpenVolume, PrecomputedScale } from '../io/precomputed/index.js';
import { cropRepeatingEdges } from '../restoration/section_read.js';
import { OfflineError } from './errors.js';

/** Decoded chunks kept per reader: a few rows of blocks of three sections. */
const CACHE_BYTES = 192 << 20;

export class ScaleReader {
  private readonly cache = new Map<string, Promise<Uint8Array | undefined>>();
  private bytes = 0;

  constructor(
    private readonly volume: OpenVolume,
    readonly scale: PrecomputedScale,
    private readonly signal?: AbortSignal,
  ) {}

  /** The chunk holding voxel (x, y, z), decoded, or undefined when it was never written. */
  private chunk(x: number, y: number, z: number): { box: ChunkBox; data: Promise<Uint8Array | undefined> } {
    const [cw, ch, cd] = this.scale.chunk_sizes[0];
    const [w, h, d] = this.scale.size;
    const x0 = Math.floor(x / cw) * cw,
      y0 = Math.floor(y / ch) * ch,
      z0 = Math.floor(z / cd) * cd;
    const box = { x0, x1: Math.min(x0 + cw, w), y0, y1: Math.min(y0 + ch, h), z0, z1: Math.min(z0 + cd, d) };
    const key = `${x0},${y0},${z0}`;
    let data = this.cache.get(key);
    if (data === undefined) {
      data = this.volume.chunk(this.scale, box, this.signal);
      this.cache.set(key, data);
      this.bytes += (box.x1 - x0) * (box.y1 - y0) * (box.z1 - z0);
      // Oldest first: blocks are read in row order, so what goes first is what lies behind.
      for (const [old] of this.cache) {
        if (this.bytes <= CACHE_BYTES) break;
        this.cache.delete(old);
        this.bytes -= cw * ch * cd;
      }
    } else {
      this.cache.delete(key);
      this.cache.set(key, data);
    }
    return { box, data };
  }

  /** `rect` of section z; a missing chunk inside the volume is an error naming it. */
  async rect(z: number, rect: GridRect): Promise<GrayImage> {
    const [w, h] = this.scale.size;
    const [cw, ch] = this.scale.chunk_sizes[0];
    const x0 = Math.min(w - 1, Math.max(0, rect.x)),
      y0 = Math.min(h - 1, Math.max(0, rect.y));
    const x1 = Math.max(x0 + 1, Math.min(w, rect.x + rect.width)),
      y1 = Math.max(y0 + 1, Math.min(h, rect.y + rect.height));
    const inside = makeGray(x1 - x0, y1 - y0);
    const reads: Promise<void>[] = [];
    for (let gy = Math.floor(y0 / ch) * ch; gy < y1; gy += ch) {
      for (let gx = Math.floor(x0 / cw) * cw; gx < x1; gx += cw) {
        const { box, data } = this.chunk(gx, gy, z);
        reads.push(
          data.then((bytes) => {
            if (bytes === undefined)
              throw new OfflineError(`section ${z}: chunk ${box.x0},${box.y0} of scale ${this.scale.key} is missing`);
            const bw = box.x1 - box.x0,
              bh = box.y1 - box.y0;
            const layer = (z - box.z0) * bw * bh;
            const a = Math.max(x0, box.x0),
              b = Math.min(x1, box.x1);
            for (let y = Math.max(y0, box.y0); y < Math.min(y1, box.y1); y++) {
              const from = layer + (y - box.y0) * bw + a - box.x0;
              inside.data.set(bytes.subarray(from, from + b - a), (y - y0) * inside.width + a - x0);
            }
          }),
        );
      }
    }
    await Promise.all(reads);
    if (x0 === rect.x && y0 === rect.y && inside.width === rect.width && inside.height === rect.height) return inside;
    return cropRepeatingEdges(inside, { x: rect.x - x0, y: rect.y - y0, width: rect.width, height: rect.height });
  }
}
