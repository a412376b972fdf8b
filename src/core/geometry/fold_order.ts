/**
 * Several folds of one section happened one after another, and a later fold pulled the earlier
 * bands along with the tissue: the detector sees an earlier fold's band where the later folds put
 * it, while its warp must be undone where it lay when it happened (fold_field.ts undoes the folds
 * in order). These helpers give the order and carry detected lines back into their own frames.
 */
import {
  type CurvePlace,
  newPlace,
  placeOnCurve,
  prepareCurve,
  type PreparedCurve,
  pullAtPlace,
} from './curve_distance.js';
import type { FoldCurve } from './fold_geometry.js';

/**
 * The order the folds happened in, as indices: a branch (a fold with an end on another fold) came
 * after the fold it meets — it runs from that fold's band, which it would otherwise have pulled
 * apart; folds otherwise keep the detector's order.
 */
export function foldOrder(curves: readonly FoldCurve[]): number[] {
  const branch = (c: FoldCurve): number => Number(c.ends?.includes('junction') ?? false);
  return curves.map((_, i) => i).sort((a, b) => branch(curves[a]) - branch(curves[b]));
}

/**
 * How far fold `c` pulled the point at `place` (outside its band) towards it: a pixel at distance
 * D ≥ L of the section after the fold was at D + max(0, a − s(D − L)) along the normal before it.
 */
export function forwardPull(c: PreparedCurve, place: CurvePlace): number {
  const { a, s } = pullAtPlace(c, place);
  return Math.max(0, a - s * (place.dist - place.halfWidth));
}

/** Where a point of the section after fold `c` was before it; undefined on its band. */
function before(c: PreparedCurve, [x, y]: [number, number]): [number, number] | undefined {
  const place = newPlace();
  placeOnCurve(c, x, y, place);
  if (place.dist < place.halfWidth) return undefined;
  const m = forwardPull(c, place);
  return [x + m * place.ex, y + m * place.ey];
}

/**
 * The folds' lines (and half-widths) in their own frames, from the lines `seen` on the damaged
 * section: each fold's seen line carried back through the folds after it, latest first. `curves`
 * are in the order they happened, with their current pulls; the last one's line is as seen. A
 * vertex on a later fold's band has no place before it and is left out.
 */
export function linesInTheirFrames(
  curves: FoldCurve[],
  seen: readonly { line: [number, number][]; halfWidths: number[] }[],
): void {
  const prepared: PreparedCurve[] = [];
  for (let j = curves.length - 1; j >= 0; j--) {
    const kept: { p: [number, number]; w: number }[] = [];
    seen[j].line.forEach((p, v) => {
      let at: [number, number] | undefined = p;
      for (const later of prepared) at = at && before(later, at);
      if (at !== undefined) kept.push({ p: at, w: seen[j].halfWidths[v] });
    });
    if (kept.length >= 2) {
      curves[j].line = kept.map((k) => k.p);
      curves[j].halfWidths = kept.map((k) => k.w);
    }
    // Latest first: an earlier fold's line is carried back through fold j after the later ones.
    prepared.push(prepareCurve(curves[j]));
  }
}
