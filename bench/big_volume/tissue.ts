/**
 * Clean tissue for sections of any size from a small stack: each stack section tiled across the
 * big section by mirroring (adjacent tiles are mirror images, so tile edges join without seams),
 * shifted by a fixed offset so the tiles do not line up with the chunk grid. Consecutive big
 * sections come from consecutive stack sections, so neighbours correlate as in a real volume.
 */
import { type GrayImage, makeGray } from '../../src/core/image.js';
import type { SectionStack } from '../../src/io/precomputed/index.js';

export interface TissueOptions {
  /** Stack section shown by big section 0; later sections follow, bouncing off the stack's ends. */
  first: number;
  /** Shift of the tiling in pixels (x, y). */
  offset: [number, number];
}

/** A stack section and its left-right mirror image: mirrored runs become forward copies. */
interface Tile {
  image: GrayImage;
  flipped: Uint8Array;
}

/** Stack sections decoded at once: a section and its two neighbours are what the generator reads. */
const CACHED_TILES = 3;

export class TiledTissue {
  private readonly tiles = new Map<number, Tile>();

  constructor(
    private readonly stack: SectionStack,
    private readonly options: TissueOptions,
  ) {}

  /** Stack section of big section z: first, first + 1, … reflected at both ends of the stack. */
  stackSection(z: number): number {
    const n = this.stack.depth;
    if (n === 1) return 0;
    const period = 2 * (n - 1);
    const t = (((this.options.first + z) % period) + period) % period;
    return t < n ? t : period - t;
  }

  /** The clean pixels [x, x + width) × [y, y + height) of big section z. */
  region(z: number, x: number, y: number, width: number, height: number): GrayImage {
    const { image, flipped } = this.tile(this.stackSection(z));
    const { width: tw, height: th, data } = image;
    const [ox, oy] = this.options.offset;
    const out = makeGray(width, height);
    for (let row = 0; row < height; row++) {
      const ty = mirror(y + row + oy, th);
      const src = ty * tw;
      let col = 0;
      while (col < width) {
        const t = mod(x + col + ox, 2 * tw);
        // A forward run until the tile's edge, or a mirrored one, read forward from `flipped`.
        const [from, start, left] = t < tw ? [data, t, tw - t] : [flipped, t - tw, 2 * tw - t];
        const n = Math.min(left, width - col);
        out.data.set(from.subarray(src + start, src + start + n), row * width + col);
        col += n;
      }
    }
    return out;
  }

  private tile(index: number): Tile {
    let tile = this.tiles.get(index);
    if (tile === undefined) {
      const image = this.stack.section(index);
      const { width, height, data } = image;
      const flipped = new Uint8Array(data.length);
      for (let r = 0; r < height; r++) {
        for (let c = 0; c < width; c++) flipped[r * width + c] = data[r * width + width - 1 - c];
      }
      tile = { image, flipped };
      if (this.tiles.size >= CACHED_TILES) this.tiles.delete(this.tiles.keys().next().value!);
      this.tiles.set(index, tile);
    }
    return tile;
  }
}

const mod = (a: number, n: number): number => ((a % n) + n) % n;

/** Coordinate u in a row of tiles of size n, each the mirror image of its neighbour. */
function mirror(u: number, n: number): number {
  const t = mod(u, 2 * n);
  return t < n ? t : 2 * n - 1 - t;
}
