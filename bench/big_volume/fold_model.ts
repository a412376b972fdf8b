/**
 * The fold models the volume generator can place, behind one interface so another shape (curved,
 * branched) plugs in beside the straight one of docs/fold-model.md without touching the writer:
 * the generator only asks which boxes a fold changes and for the damaged pixels of a region.
 */
import type { GrayImage } from '../../src/core/image.js';
import type { Rng } from '../../src/core/rng.js';
import {
  type FoldParams,
  degradeFold,
  foldLine,
  signedDistance,
  validateFoldParams,
} from '../../src/core/simulation/index.js';

/** Pixels [x0, x1) × [y0, y1) of a section. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Ranges a drawn fold's parameters come from, sized for large sections. */
export interface FoldRanges {
  /** Band half-width L, integer, inclusive. */
  L: [number, number];
  /** Pull F − L, inclusive. */
  pull: [number, number];
  /** Decay slope s: the pull reaches (F − L) / s beyond the band. */
  s: [number, number];
}

/** The issue-11 ranges: L 5–20, F − L up to 75, s in [0.02, 0.1] (reach ≤ 20 + 75 / 0.02 px). */
export const LARGE_FOLD_RANGES: FoldRanges = { L: [5, 20], pull: [20, 75], s: [0.02, 0.1] };

export interface FoldModel<P> {
  readonly name: string;
  /** A fold crossing the whole width × height section, drawn from `ranges`. */
  draw(rng: Rng, width: number, height: number, ranges: FoldRanges): P;
  /** Checks untrusted parameters (a --folds file) and returns them typed. */
  validate(value: unknown): P;
  /** Distance from the fold beyond which no pixel changes (band, lost strip and pull). */
  reach(params: P): number;
  /** How far from a damaged pixel the clean pixels it shows may lie (bilinear taps included). */
  readMargin(params: P): number;
  /** False only when no pixel of `box` differs from the clean section. */
  touches(params: P, box: PixelBox): boolean;
  /**
   * The damaged pixels of the region `clean` covers, whose top-left pixel is `origin` in section
   * coordinates; exact wherever `clean` extends readMargin beyond them or to the section's edge.
   */
  degrade(clean: GrayImage, origin: { x: number; y: number }, params: P): GrayImage;
  /** Number of pixels of a width × height section the fold changes (band, lost strip and pull). */
  influencedArea(params: P, width: number, height: number): number;
}

/**
 * Multiples of 1/256: differences with integer pixel offsets are then exact, so a region
 * degraded with shifted parameters gets the same band edge as the whole section would.
 */
const quantise = (v: number): number => Math.round(v * 256) / 256;

/** Pixels x in [0, width) with |a + b·x| < r: one row's run inside a straight band. */
function rowRunLength(a: number, b: number, r: number, width: number): number {
  if (b === 0) return Math.abs(a) < r ? width : 0;
  const [lo, hi] = [(-r - a) / b, (r - a) / b].sort((u, v) => u - v);
  const first = Math.max(0, Math.floor(lo) + 1);
  const last = Math.min(width - 1, Math.ceil(hi) - 1);
  return Math.max(0, last - first + 1);
}

/** The pull m(|d|) = F − L − s(|d| − L) is spent at |d| = L + (F − L) / s. */
const straightReach = (p: FoldParams): number => p.L + (p.F - p.L) / p.s;

export const straightFold: FoldModel<FoldParams> = {
  name: 'straight',
  draw(rng, width, height, ranges) {
    // Opposite borders, away from the corners, so the fold crosses the whole section.
    const along = (n: number): number => quantise(rng.uniform(0.2, 0.8) * (n - 1));
    const horizontal = rng.next() < 0.5;
    const [x0, y0, x1, y1] = horizontal
      ? [0, along(height), width - 1, along(height)]
      : [along(width), 0, along(width), height - 1];
    const L = rng.int(ranges.L[0], ranges.L[1]);
    const F = L + rng.int(ranges.pull[0], ranges.pull[1]);
    const s = rng.uniform(ranges.s[0], ranges.s[1]);
    return { x0, y0, x1, y1, L, F, s, bandGain: 0 };
  },
  validate: validateFoldParams,
  reach: straightReach,
  readMargin: (p) => Math.ceil(p.F - p.L) + 2,
  touches(p, box) {
    const line = foldLine(p);
    const d = [box.x0, box.x1 - 1].flatMap((x) => [box.y0, box.y1 - 1].map((y) => signedDistance(line, x, y)));
    // d is linear in x and y: its least |d| over the box is at a corner, or 0 where it changes sign.
    const least = Math.min(...d) <= 0 && Math.max(...d) >= 0 ? 0 : Math.min(...d.map(Math.abs));
    return least < straightReach(p) + 1;
  },
  degrade(clean, origin, p) {
    const shifted = { ...p, x0: p.x0 - origin.x, x1: p.x1 - origin.x, y0: p.y0 - origin.y, y1: p.y1 - origin.y };
    return degradeFold(clean, shifted).degraded;
  },
  influencedArea(p, width, height) {
    const line = foldLine(p);
    const reach = straightReach(p);
    let n = 0;
    for (let y = 0; y < height; y++) n += rowRunLength(signedDistance(line, 0, y), line.nx, reach, width);
    return n;
  },
};
