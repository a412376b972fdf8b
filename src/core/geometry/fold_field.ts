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
  pullAtPlace,
  rectDistance,
} from './curve_distance.js';
import { type FoldCurve, type FoldPull, pullWhere, type SectionGeometry } from './fold_geometry.js';

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
  const pulls = vertexPulls(fold);
  const reach = fold.halfWidths.flatMap((L, v) =>
    [0, 1].map((side) => {
      const a = pulls[side][v];
      return a > 0 ? L + a / fold.pull[side].s : L;
    }),
  );
  return Math.max(...reach) + (fold.rim ?? 0);
}

/** The pull's a at each vertex, [right side, left side] (PullAlong). */
function vertexPulls(fold: FoldCurve): [number[], number[]] {
  const maxL = Math.max(...fold.halfWidths);
  const along = (side: number): number[] =>
    fold.halfWidths.map((L) => pullWhere(fold.pull[side].a, fold.pullAlong ?? 'even', L, maxL));
  return [along(0), along(1)];
}

/** How far from its centre line a fold's lost strip reaches: band, rims and the tissue under it. */
export function lostReach(fold: FoldCurve): number {
  return Math.max(...fold.halfWidths) + (fold.rim ?? 0) + foldMaxShift(fold);
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
  return Math.max(...vertexPulls(fold).flat());
}

/**
 * Whether any fold changes a pixel within `margin` of the rectangle (margin: the nets' context);
 * with `reach` lostReach, whether its lost strip comes that near.
 */
export function influences(
  geometry: SectionGeometry,
  rect: GridRect,
  margin: number,
  reach: (fold: FoldCurve) => number = foldReach,
): boolean {
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
      ) < reach(fold),
  );
}

/** Where a pixel lies relative to the folds: moved (or untouched), lost, or on a band. */
export const OUTSIDE = 0,
  LOST = 1,
  BAND = 2;
export type Where = typeof OUTSIDE | typeof LOST | typeof BAND;

/**
 * Moves `at` by one fold's backward warp (from the section before the fold to the section after
 * it); says whether the point is lost (its lost strip) or on the band instead.
 */
export function stepThrough(c: PreparedCurve, at: { x: number; y: number }, place: CurvePlace): Where {
  placeOnCurve(c, at.x, at.y, place);
  const pull = pullAtPlace(c, place);
  const rim = (c.curve.rim ?? 0) * place.fade;
  const L = place.halfWidth;
  const D = place.dist;
  if (D < L + rim) return BAND;
  if (D < L + pull.a) return LOST;
  const u = sourceBeyondBand(D, L, pull);
  // Sources on the damaged rims are lost too.
  if (u < rim) return LOST;
  const shift = D - (L + u);
  at.x -= shift * place.ex;
  at.y -= shift * place.ey;
  return OUTSIDE;
}

/**
 * Moves `at` through the backward warps of `curves` in order (the folds as they happened: the
 * first fold's warp first); stops and says where at the first fold that loses the point.
 */
export function stepThroughAll(
  curves: readonly PreparedCurve[],
  at: { x: number; y: number },
  place: CurvePlace,
): Where {
  for (const c of curves) {
    const where = stepThrough(c, at, place);
    if (where !== OUTSIDE) return where;
  }
  return OUTSIDE;
}

/**
 * The warp over `rect` of a grid whose pixels the geometry is in (see geometryInFrame). Several
 * folds are undone one after another, in the order they happened (docs/fold-model.md: the
 * simulator applies them so, a later fold pulling an earlier band along): a pixel of the restored
 * section is moved through the first fold's warp, then the second's at where that put it, and so
 * on; it is lost when any of them loses it.
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
  // The earlier folds may move a pixel up to their pulls before a later fold sees it.
  const carried = geometry.flagged ? geometry.folds.reduce((sum, f) => sum + foldMaxShift(f), 0) : 0;
  const curves = geometry.flagged
    ? geometry.folds.filter((f) => influences({ ...geometry, folds: [f] }, rect, carried)).map(prepareCurve)
    : [];
  if (curves.length === 0) return field;
  const place = newPlace();
  const at = { x: 0, y: 0 };
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const i = y * rect.width + x;
      at.x = rect.x + x;
      at.y = rect.y + y;
      const where = stepThroughAll(curves, at, place);
      if (where !== OUTSIDE) {
        field.lost[i] = 1;
        field.band[i] = where === BAND ? 1 : 0;
        field.changed = true;
        continue;
      }
      const fx = at.x - rect.x - x,
        fy = at.y - rect.y - y;
      field.fx[i] = fx;
      field.fy[i] = fy;
      const m = Math.hypot(fx, fy);
      if (m > 0) field.changed = true;
      if (m > field.maxShift) field.maxShift = m;
    }
  }
  return field;
}

/** Exclusive bounds of a growing box of grid pixels. */
interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const boundsOf = (rect: GridRect): Bounds => ({
  x0: rect.x,
  y0: rect.y,
  x1: rect.x + rect.width,
  y1: rect.y + rect.height,
});

/** Grows `b` by the pixels a bilinear sample at (x, y) reads. */
function addSample(b: Bounds, x: number, y: number): void {
  const fx = Math.floor(x),
    fy = Math.floor(y);
  b.x0 = Math.min(b.x0, fx);
  b.y0 = Math.min(b.y0, fy);
  b.x1 = Math.max(b.x1, fx + 2);
  b.y1 = Math.max(b.y1, fy + 2);
}

const rectOf = (b: Bounds): GridRect => ({ x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 });

/**
 * The rectangle of the damaged section the warp of `field.rect` reads: the rectangle itself and
 * every pixel its bilinear samples touch. A pixel's source lies between it and the fold that
 * pulled it, so on a block the fold crosses this is about the block, not the block grown by the
 * largest pull on every side.
 */
export function sourceRect(field: FoldField): GridRect {
  const { rect } = field;
  const b = boundsOf(rect);
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const i = y * rect.width + x;
      if (field.lost[i] || (field.fx[i] === 0 && field.fy[i] === 0)) continue;
      addSample(b, rect.x + x + field.fx[i], rect.y + y + field.fy[i]);
    }
  }
  return rectOf(b);
}

/**
 * A bound of sourceRect without the field: the warp is continuous and one-to-one off the lost
 * strip, so the sources of a rectangle's inside lie within those of its border (plus the strip's
 * edges, which lie between). Only the border's pixels are moved: cheap enough to decide what to
 * fetch before a block's turn.
 */
export function borderSourceRect(geometry: SectionGeometry, rect: GridRect): GridRect {
  const b = boundsOf(rect);
  if (!geometry.flagged || geometry.folds.length === 0) return rect;
  const curves = geometry.folds.map(prepareCurve);
  const place = newPlace();
  const visit = (x: number, y: number): void => {
    const at = { x, y };
    if (stepThroughAll(curves, at, place) !== OUTSIDE || (at.x === x && at.y === y)) return;
    // The strip's edges: a pixel more each way.
    addSample(b, at.x - 1, at.y - 1);
    addSample(b, at.x + 1, at.y + 1);
  };
  const [x1, y1] = [rect.x + rect.width - 1, rect.y + rect.height - 1];
  for (let x = rect.x; x <= x1; x++) {
    visit(x, rect.y);
    visit(x, y1);
  }
  for (let y = rect.y; y <= y1; y++) {
    visit(rect.x, y);
    visit(x1, y);
  }
  return rectOf(b);
}
