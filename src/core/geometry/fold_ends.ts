/**
 * Which ends of a detected fold run out of the section, which end in the tissue and which meet
 * another fold. A detector's line reaches the section's edge when the fold crosses it; an end well
 * inside the section is a fold that stops there, or a branch that meets another fold — extending
 * it as a ray would draw a band and pull tissue across clean parts of the section.
 */
import { newPlace, placeOnCurve, prepareCurve } from './curve_distance.js';
import type { FoldCurve, FoldEnd } from './fold_geometry.js';

/**
 * `edge` when the end vertex lies within `slack` pixels of the frame's border (the band's own
 * half-width plus a few pixels of the detector's grid); else `junction` when it lies on the band
 * of one of `others` (within their half-width and the same slack) away from that one's ends; else
 * `free`.
 */
export function foldEnds(
  line: readonly [number, number][],
  frame: readonly [number, number],
  halfWidth: number,
  others: readonly FoldCurve[] = [],
): [FoldEnd, FoldEnd] {
  const slack = halfWidth + 4;
  const prepared = others.map((o) => prepareCurve({ ...o, ends: ['edge', 'edge'] }));
  const place = newPlace();
  // Near another fold's own end it is one fold in pieces (a band the detector broke), no branch.
  const onAnother = (x: number, y: number): boolean =>
    prepared.some((c) => {
      placeOnCurve(c, x, y, place);
      const clear = 2 * (place.halfWidth + slack);
      const ends = [c.curve.line[0], c.curve.line[c.curve.line.length - 1]];
      return place.dist <= place.halfWidth + slack && ends.every(([ex, ey]) => Math.hypot(ex - x, ey - y) > clear);
    });
  const at = ([x, y]: [number, number]): FoldEnd =>
    Math.min(x, y, frame[0] - 1 - x, frame[1] - 1 - y) <= slack ? 'edge' : onAnother(x, y) ? 'junction' : 'free';
  return [at(line[0]), at(line[line.length - 1])];
}
