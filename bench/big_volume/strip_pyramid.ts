/**
 * Every scale of a section built from its base rows strip by strip, never from the whole section:
 * each scale keeps at most one chunk row of its own, hands it out when full, and passes its 2×2
 * mean down. Strips handed down have an even height except the section's last, so the result is
 * exactly `pyramid()` of the whole section (src/io/precomputed/downsample.ts). Several images of
 * the same rows travel together (a damaged section and its truth); one image given twice is
 * downsampled once.
 */
import { type GrayImage, makeGray } from '../../src/core/image.js';
import { downsample2x2 } from '../../src/io/precomputed/index.js';

/** Scale `level`'s rows [y0, y0 + height) of the section, full width, one strip per image. */
export type EmitStrip = (level: number, y0: number, strips: readonly GrayImage[]) => Promise<void>;

interface Level {
  width: number;
  height: number;
  /** Rows handed out so far. */
  done: number;
  /** Strips received and not yet handed out, each a list with one strip per image. */
  pending: (readonly GrayImage[])[];
}

export class StripPyramid {
  private readonly levels: Level[] = [];

  /** `sizes[i]` is scale i's [width, height]; `chunkRows` (even) is the chunk height of every scale. */
  constructor(
    sizes: readonly (readonly [number, number])[],
    private readonly chunkRows: number,
    private readonly emit: EmitStrip,
  ) {
    if (sizes.length > 1 && chunkRows % 2 !== 0) throw new Error(`chunk height ${chunkRows} must be even`);
    for (const [width, height] of sizes) this.levels.push({ width, height, done: 0, pending: [] });
  }

  /** The next base rows (at most a chunk row of them), top to bottom, one strip per image. */
  async push(strips: readonly GrayImage[]): Promise<void> {
    await this.add(0, strips);
  }

  private async add(index: number, strips: readonly GrayImage[]): Promise<void> {
    const level = this.levels[index];
    if (strips.some((s) => s.width !== level.width))
      throw new Error(`scale ${index}: strips are not ${level.width} wide`);
    level.pending.push(strips);
    const rows = level.pending.reduce((n, s) => n + s[0].height, 0);
    if (rows > this.chunkRows) throw new Error(`scale ${index}: strips overran a chunk row`);
    if (rows < this.chunkRows && level.done + rows < level.height) return;
    const pending = level.pending;
    level.pending = [];
    const full: GrayImage[] = [];
    for (let i = 0; i < strips.length; i++) {
      // An image given twice (the same object in every strip) is joined once.
      const first = strips.findIndex((_, j) => pending.every((p) => p[j] === p[i]));
      full.push(
        first < i
          ? full[first]
          : concatRows(
              pending.map((p) => p[i]),
              level.width,
              rows,
            ),
      );
    }
    await this.emit(index, level.done, full);
    level.done += rows;
    if (index + 1 < this.levels.length) await this.add(index + 1, mapDistinct(full, downsample2x2));
  }
}

/** `f` of each image, once per distinct object: an image given twice maps to one result. */
function mapDistinct(images: readonly GrayImage[], f: (image: GrayImage) => GrayImage): GrayImage[] {
  const done = new Map<GrayImage, GrayImage>();
  return images.map((image) => {
    let out = done.get(image);
    if (out === undefined) done.set(image, (out = f(image)));
    return out;
  });
}

function concatRows(strips: readonly GrayImage[], width: number, rows: number): GrayImage {
  if (strips.length === 1) return strips[0];
  const out = makeGray(width, rows);
  let offset = 0;
  for (const s of strips) {
    out.data.set(s.data, offset);
    offset += s.data.length;
  }
  return out;
}
