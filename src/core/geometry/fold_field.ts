/**
 * The unfolding's warp for any rectangle of any scale, computed from the fold geometry alone: a
 * pixel's displacement depends only on where it lies relative to each fold's centre line
 * (docs/fold-model.md), so two blocks that share pixels compute the same values there — block
 * restoration has no seams by construction.
 */
import {
  type CurvePlace,
  newPlace,
  placeOnCurve,
  prepareCurve,
  type PreparedCurve,
  rectDistance,
} from './curve_distance.js';
import type { FoldCurve, FoldPull, SectionGeometry } from './fold_geometry.js';

export interface GridRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Backward warp of a rectangle: unfolded(q) = damaged(q + (fx, fy)(q)) where lost = 0. */
export interface FoldField {
  rect: GridRect;
  fx: Float32Array;
  fy: Float32Array;
  /** 1 on the lost strip |D| < F of some fold: tissue that went under the band, no source. */
  lost: Uint8Array;
  /** 1 on the band and its rims |D| < L + rim itself (a subset of the lost strip). */
  band: Uint8Array;
  /** Largest displacement in the rectangle, pixels. */
  maxShift: number;
  /** Whether anything in the rectangle moved or was lost. */
  changed: boolean;
}

/**
 * How far from its centre line a fold changes pixels: the pull max(0, a − s(|D| − L)) is positive
 * up to |D| = L + a/s (and the lost strip L + a lies inside that); the rims' loss reaches at most
 * `rim` farther.
 */
export function foldReach(fold: FoldCurve): number {
  const L = Math.max(...fold.halfWidths);
  return Math.max(...fold.pull.map(({ a, s }) => (a > 0 ? L + a / s : L))) + (fold.rim ?? 0);
}

/**
 * Where a pixel at distance D ≥ L + a of the unfolded section comes from in the damaged one:
 * L + u, the inverse of |d| ↦ |d| + m(|d|) (linear while the pull is positive, identity beyond).
 */
export function sourceBeyondBand(D: number, L: number, { a, s }: FoldPull): number {
  return a - s * (D - L) <= 0 ? D - L : (D - L - a) / (1 - s);
}

/** Pixels the backward warp reaches at most: the pull at the band edge over (1 − s) at worst. */
export function foldMaxShift(fold: FoldCurve): number {
  return Math.max(...fold.pull.map(({ a }) => a));
}

/** Whether any fold changes a pixel within `margin` of the rectangle (margin: the nets' context). */
export function influences(geometry: SectionGeometry, rect: GridRect, margin: number): boolean {
  if (!geometry.flagged) return false;
  const far = geometry.frame[0] + geometry.frame[1];
  return geometry.folds.some(
    (fold) =>
      rectDistance(
        prepareCurve(fold),
        rect.x - margin,
        rect.y - margin,
        rect.x + rect.width - 1 + margin,
        rect.y + rect.height - 1 + margin,
        far,
      ) < foldReach(fold),
  );
}

/** Where a pixel lies relative to one fold, in increasing precedence when folds overlap. */
const OUTSIDE = 0,
  LOST = 1,
  BAND = 2;
type Where = typeof OUTSIDE | typeof LOST | typeof BAND;

/** Adds one fold's displacement at pixel (x, y) into `out`; says whether the pixel is lost or on the band. */
function addFold(c: PreparedCurve, x: number, y: number, place: CurvePlace, out: { fx: number; fy: number }): Where {
  placeOnCurve(c, x, y, place);
  const { s } = c.curve.pull[place.side];
  const pull = { a: c.curve.pull[place.side].a * place.fade, s };
  const rim = (c.curve.rim ?? 0) * place.fade;
  const L = place.halfWidth;
  const D = place.dist;
  if (D < L + rim) return BAND;
  if (D < L + pull.a) return LOST;
  const u = sourceBeyondBand(D, L, pull);
  // Sources on the damaged rims are lost too.
  if (u < rim) return LOST;
  const shift = D - (L + u);
  out.fx -= shift * place.ex;
  out.fy -= shift * place.ey;
  return OUTSIDE;
}

/**
 * Adds the displacement of every fold of `curves` but `skip` at pixel (x, y) into `out`; says
 * whether some fold loses the pixel (its lost strip or band) instead.
 */
export function addFolds(
  curves: readonly PreparedCurve[],
  x: number,
  y: number,
  place: CurvePlace,
  out: { fx: number; fy: number },
  skip = -1,
): boolean {
  let where: Where = OUTSIDE;
  for (let c = 0; c < curves.length; c++) {
    if (c !== skip) where = Math.max(where, addFold(curves[c], x, y, place, out)) as Where;
  }
  return where !== OUTSIDE;
}

/**
 * The warp over `rect` of a grid whose pixels the geometry is in (see geometryInFrame). Several
 * folds add their displacements (their pulls are smooth, so the sum tears nothing) and their
 * lost strips.
 */
export function foldField(geometry: SectionGeometry, rect: GridRect): FoldField {
  const n = rect.width * rect.height;
  const field: FoldField = {
    rect,
    fx: new Float32Array(n),
    fy: new Float32Array(n),
    lost: new Uint8Array(n),
    band: new Uint8Array(n),
    maxShift: 0,
    changed: false,
  };
  const curves = geometry.flagged
    ? geometry.folds.filter((f) => influences({ ...geometry, folds: [f] }, rect, 0)).map(prepareCurve)
    : [];
  if (curves.length === 0) return field;
  const place = newPlace();
  const shift = { fx: 0, fy: 0 };
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const i = y * rect.width + x;
      shift.fx = 0;
      shift.fy = 0;
      let where: Where = OUTSIDE;
      for (const c of curves) where = Math.max(where, addFold(c, rect.x + x, rect.y + y, place, shift)) as Where;
      if (where !== OUTSIDE) {
        field.lost[i] = 1;
        field.band[i] = where === BAND ? 1 : 0;
        field.changed = true;
        continue;
      }
      field.fx[i] = shift.fx;
      field.fy[i] = shift.fy;
      const m = Math.hypot(shift.fx, shift.fy);
      if (m > 0) field.changed = true;
      if (m > field.maxShift) field.maxShift = m;
    }
  }
  return field;
}
