/**
 * Which ends of a detected fold run out of the section and which end in the tissue. A detector's
 * line reaches the section's edge when the fold crosses it; an end well inside the section is a
 * fold that stops there (or a branch that meets another fold) — extending it as a ray would draw
 * a band and pull tissue across clean parts of the section.
 */
import type { FoldEnd } from './fold_geometry.js';

/**
 * `edge` when the end vertex lies within `slack` pixels of the frame's border (the band's own
 * half-width plus a few pixels of the detector's grid), else `free`.
 */
export function foldEnds(
  line: readonly [number, number][],
  frame: readonly [number, number],
  halfWidth: number,
): [FoldEnd, FoldEnd] {
  const slack = halfWidth + 4;
  const at = ([x, y]: [number, number]): FoldEnd =>
    Math.min(x, y, frame[0] - 1 - x, frame[1] - 1 - y) <= slack ? 'edge' : 'free';
  return [at(line[0]), at(line[line.length - 1])];
}
