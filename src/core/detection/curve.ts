/**
 * A fold that bends (an arc, a spline, a Y, a fold ending inside the tissue) has no straight chord
 * to cover. Its evidence is the band's own centre curve: the geodesic diameter of the dark pixels,
 * long compared with the section and with the band's width, and smooth. Measured on the clean
 * stacks, dark anatomy that survives the opening (thick membranes, mitochondria) reaches at most
 * a third of the side and is at most ~20 band widths long (on a 512² crop a membrane along the
 * border reaches 0.6 of it, 22 widths); simulated crossing folds reach ≥ 0.6 of it and ≥ 25 widths. A black band (median ≤ 0.12 of the tissue; the anatomy is ≥ 0.18) needs less
 * reach: a fold that ends inside the tissue can be short.
 */
import { ramp } from '../stats.js';
import { geodesicDiameter, largestPart, smoothPath } from './geodesic.js';
import { type Point, polylineSupport, simplify, type Support } from './polyline.js';

const REACH_LOW = 0.3;
const REACH_HIGH = 0.5;
/** Reach a black band needs: a fifth of the side is no anatomy's when it is that dark. */
const BLACK_REACH_LOW = 0.08;
const BLACK_REACH_HIGH = 0.2;
const BLACK_LEVEL = 0.12;
const ELONGATION_LOW = 15;
const ELONGATION_HIGH = 30;
/**
 * So does a band this many times the narrowest one wide: no dark anatomy of either stack is
 * (widest measured: 2.36×, and only 4 widths long).
 */
const WIDE = 2.4;
/** A black band needs less: no anatomy is that dark (8 widths: a band, not a blob). */
const BLACK_ELONGATION_LOW = 5;
const BLACK_ELONGATION_HIGH = 10;
/**
 * Path length / end-to-end distance: a crossing fold ≤ 1.7, two merged folds ≤ 2.0, a winding
 * membrane network ≥ 2.7.
 */
const TORTUOSITY_OK = 2.2;
const TORTUOSITY_BAD = 2.5;

/** Path pixels at either end lighter than this (a share of the tissue) are not black band. */
const GREY_END = 0.15;

function trimEnds(path: Int32Array, level: (i: number) => number): Int32Array {
  let a = 0,
    b = path.length - 1;
  while (a < b && level(path[a]) > GREY_END) a++;
  while (b > a && level(path[b]) > GREY_END) b--;
  return path.subarray(a, b + 1);
}

export interface CurveEvidence {
  score: number;
  support: Support;
  line: Point[];
}

/**
 * The centre curve of the connected part of `free` (coarse grid indices) holding free[0], its
 * score and its pixels near the curve. Widths in grid pixels (`minHalfWidth`: the narrowest band's). `level(i)`: coarse grey level / tissue level.
 */
export function curveEvidence(
  free: Int32Array,
  cw: number,
  ch: number,
  halfWidth: number,
  minHalfWidth: number,
  level: (i: number) => number,
): CurveEvidence {
  const part = largestPart(free, cw, ch);
  const full = geodesicDiameter(part, cw, ch);
  const levels = Float64Array.from(full, level).sort();
  const black = levels[levels.length >> 1] <= BLACK_LEVEL;
  // A black band's path can run on into grey anatomy touching its end: cut it where it turns grey.
  const path = black ? trimEnds(full, level) : full;
  let length = 0;
  for (let k = 1; k < path.length; k++) {
    const a = path[k - 1],
      b = path[k];
    length += Math.abs((a % cw) - (b % cw)) + Math.abs(Math.floor(a / cw) - Math.floor(b / cw)) > 1 ? Math.SQRT2 : 1;
  }
  const a = path[0],
    b = path[path.length - 1];
  const ends = Math.hypot((a % cw) - (b % cw), Math.floor(a / cw) - Math.floor(b / cw));
  const reach = length / Math.min(cw, ch);
  const score =
    (black ? ramp(reach, BLACK_REACH_LOW, BLACK_REACH_HIGH) : ramp(reach, REACH_LOW, REACH_HIGH)) *
    (black || halfWidth >= WIDE * minHalfWidth
      ? ramp(length / (2 * halfWidth), BLACK_ELONGATION_LOW, BLACK_ELONGATION_HIGH)
      : ramp(length / (2 * halfWidth), ELONGATION_LOW, ELONGATION_HIGH)) *
    (1 - ramp(length / Math.max(1, ends), TORTUOSITY_OK, TORTUOSITY_BAD));
  const line = simplify(smoothPath(path, cw, 2 * halfWidth + 1, Math.max(1, halfWidth)), Math.max(1, halfWidth / 2));
  // The path can run along one edge of the band: collect the pixels up to a full band width off it.
  return {
    score,
    support: polylineSupport(black ? part.filter((i) => level(i) <= GREY_END) : part, cw, line, 2 * halfWidth + 1),
    line,
  };
}
