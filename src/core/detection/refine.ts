/**
 * Full-resolution band mask from the coarse one. IoU is measured against the true band, whose
 * edges the coarse grid only knows to within a block: each pixel near the coarse band is decided
 * on its own smoothed value, halfway between the band level and the tissue level, then the result
 * is kept where connected to the band's core and its holes are filled.
 */
import type { GrayImage } from '../image.js';
import { greyMedian } from '../stats.js';
import { trimToBand } from './band_profile.js';
import { fillHoles, keepConnected } from './mask_cleanup.js';
import type { Point } from './polyline.js';

export interface RefineInput {
  section: GrayImage;
  /** Coarse band pixels (indices into the coarse grid). */
  coarsePixels: Int32Array;
  /** Centre lines (coarse coordinates) and half-widths (coarse pixels) of the bands. */
  lines: ReadonlyArray<{ line: readonly Point[]; halfWidth: number }>;
  coarseWidth: number;
  coarseHeight: number;
  factor: number;
  /** Tissue grey level (median of the section). */
  tissue: number;
  /** Narrowest band half-width, full-resolution pixels: sets the smoothing against texture. */
  minHalfWidth: number;
}

/** Band edges are measured over stretches this many times the narrowest half-width long. */
const STRETCH_BANDS = 8;

/** Paints a disc of `radius` around each coarse pixel; the band is sparse, so this is cheap. */
function paintDisc(out: Uint8Array, cw: number, ch: number, x: number, y: number, radius: number): void {
  const r = Math.floor(radius);
  for (let dy = -r; dy <= r; dy++) {
    const yy = Math.round(y) + dy;
    if (yy < 0 || yy >= ch) continue;
    const span = Math.floor(Math.sqrt(Math.max(0, radius * radius - dy * dy)));
    const x0 = Math.max(0, Math.round(x) - span),
      x1 = Math.min(cw - 1, Math.round(x) + span);
    if (x1 >= x0) out.fill(1, yy * cw + x0, yy * cw + x1 + 1);
  }
}

/**
 * Coarse search region: around the band pixels found, and along the centre line at the band's
 * width, which bridges stretches where a textured band was too light to be picked up coarsely.
 */
function searchRegion(input: RefineInput): Uint8Array {
  const { coarsePixels, lines, coarseWidth: cw, coarseHeight: ch } = input;
  const out = new Uint8Array(cw * ch);
  for (const i of coarsePixels) paintDisc(out, cw, ch, i % cw, Math.floor(i / cw), 2.5);
  for (const { line, halfWidth } of lines) {
    for (let s = 0; s + 1 < line.length; s++) {
      const [ax, ay] = line[s],
        [bx, by] = line[s + 1];
      const n = Math.ceil(Math.hypot(bx - ax, by - ay));
      for (let k = 0; k <= n; k++)
        paintDisc(out, cw, ch, ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n, halfWidth + 1);
    }
  }
  return out;
}

/** Band pixels whose four coarse neighbours are band too: the band without its edges. */
function interior(pixels: Int32Array, cw: number, ch: number): Int32Array {
  const set = new Uint8Array(cw * ch);
  for (const i of pixels) set[i] = 1;
  const inner = pixels.filter((i) => {
    const x = i % cw,
      y = (i - x) / cw;
    return x > 0 && y > 0 && x < cw - 1 && y < ch - 1 && set[i - 1] && set[i + 1] && set[i - cw] && set[i + cw];
  });
  return inner.length ? inner : pixels;
}

/** Full-resolution pixel indices under the given coarse blocks. */
function blockPixels(blocks: Iterable<number>, cw: number, factor: number, width: number, height: number): Int32Array {
  const out: number[] = [];
  for (const b of blocks) {
    const bx = b % cw,
      by = (b - bx) / cw;
    const yEnd = Math.min(height, (by + 1) * factor),
      xEnd = Math.min(width, (bx + 1) * factor);
    for (let y = by * factor; y < yEnd; y++) for (let x = bx * factor; x < xEnd; x++) out.push(y * width + x);
  }
  return Int32Array.from(out);
}

export function refineMask(input: RefineInput): Uint8Array {
  const { section, coarsePixels, coarseWidth: cw, coarseHeight: ch, factor, tissue } = input;
  const { width, height, data } = section;
  const core = blockPixels(interior(coarsePixels, cw, ch), cw, factor, width, height);
  const level = (greyMedian(data, core) + tissue) / 2;
  const coarseRegion = searchRegion(input);
  const regionBlocks: number[] = [];
  for (let b = 0; b < coarseRegion.length; b++) if (coarseRegion[b]) regionBlocks.push(b);
  const region = blockPixels(regionBlocks, cw, factor, width, height);
  // Texture inside a band varies over a few pixels; smooth over ~a fifth of the narrowest band.
  const r = Math.max(1, Math.round(input.minHalfWidth / 5));
  const out = new Uint8Array(width * height);
  const inside = new Uint8Array(width * height);
  for (const i of region) {
    inside[i] = 1;
    const x = i % width,
      y = (i - x) / width;
    const x0 = Math.max(0, x - r),
      x1 = Math.min(width - 1, x + r);
    const y0 = Math.max(0, y - r),
      y1 = Math.min(height - 1, y + r);
    let s = 0;
    for (let yy = y0; yy <= y1; yy++) for (let j = yy * width + x0, e = yy * width + x1; j <= e; j++) s += data[j];
    out[i] = s < level * (x1 - x0 + 1) * (y1 - y0 + 1) ? 1 : 0;
  }
  const fullLines = input.lines.map(({ line }) =>
    line.map(([x, y]): Point => [(x + 0.5) * factor - 0.5, (y + 0.5) * factor - 0.5]),
  );
  keepConnected(out, width, height, core, region);
  fillHoles(out, width, height, inside, region);
  trimToBand(out, width, region, fullLines, STRETCH_BANDS * input.minHalfWidth);
  return out;
}
