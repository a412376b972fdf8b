/**
 * The geometry of a simulated fold (core/simulation's curve folds keep a band half-width and a
 * pull per vertex): what a perfect detector and pull search would give, for the truth rows of the
 * diagnoses and for specs.
 */
import type { CurveFold } from '../simulation/index.js';
import { type FoldCurve, type FoldEnd, PULL_ALONG, pullWhere } from './fold_geometry.js';

/**
 * `fold` as a curve of the geometry: the pull at its widest vertex, varying along it the way that
 * gives every vertex's pull (the widest pull throughout when none does), both sides alike.
 */
export function simulatedCurve(fold: CurveFold, ends?: [FoldEnd, FoldEnd]): FoldCurve {
  const maxL = Math.max(...fold.L);
  const a = fold.pull[fold.L.indexOf(maxL)];
  const along = PULL_ALONG.find((way) =>
    fold.L.every((L, v) => Math.abs(pullWhere(a, way, L, maxL) - fold.pull[v]) < 1e-6),
  );
  const pull = { a: along === undefined ? Math.max(...fold.pull) : a, s: fold.s };
  return {
    line: fold.line.map(([x, y]): [number, number] => [x, y]),
    halfWidths: [...fold.L],
    pull: [pull, { ...pull }],
    ...(along !== undefined && along !== 'even' && { pullAlong: along }),
    score: 1,
    ...(ends && { ends }),
  };
}
