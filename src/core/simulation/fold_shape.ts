import type { FoldParams } from './fold_params.js';
import { FoldParamsError } from './fold_params.js';

/**
 * One fold along a curve (docs/fold-model.md, "Curved folds"): the centre polyline with the band
 * half-width and the pull (F − L) at each vertex, interpolated along each segment. A free end inside
 * the tissue is a vertex where both reach 0; a fold across the section runs past the border.
 */
export interface CurveFold {
  /** Centre polyline, pixel coordinates; ≥ 2 vertices, consecutive ones distinct. */
  line: [x: number, y: number][];
  /** Band half-width at each vertex, pixels (≥ 0, real). */
  L: number[];
  /** Reach of the pulled tissue beyond the band, F − L, at each vertex (≥ 0). */
  pull: number[];
  /** Decay slope of the displacement with distance (1e-5 ≤ s ≤ 0.1). */
  s: number;
  /** 0: pure black band; > 0: dark band textured by the tissue underneath. */
  bandGain: number;
}

/** A section's folds, applied one after another in this order (a later fold warps earlier bands). */
export interface FoldShape {
  folds: CurveFold[];
}

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new FoldParamsError(`${what} must be a finite number, got ${JSON.stringify(v)}`);
  }
  return v;
}

function perVertex(v: unknown, n: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== n) throw new FoldParamsError(`${what} must list one value per vertex (${n})`);
  return v.map((x, i) => {
    const value = finite(x, `${what}[${i}]`);
    if (value < 0) throw new FoldParamsError(`${what}[${i}] must be ≥ 0, got ${value}`);
    return value;
  });
}

function validateCurveFold(value: unknown, k: number): CurveFold {
  if (typeof value !== 'object' || value === null) throw new FoldParamsError(`fold ${k} must be an object`);
  const r = value as Record<string, unknown>;
  if (!Array.isArray(r.line) || r.line.length < 2) throw new FoldParamsError(`fold ${k}: line needs ≥ 2 vertices`);
  const line = r.line.map((p: unknown, i): [number, number] => {
    if (!Array.isArray(p) || p.length !== 2) throw new FoldParamsError(`fold ${k}: vertex ${i} must be [x, y]`);
    return [finite(p[0], `fold ${k} vertex ${i} x`), finite(p[1], `fold ${k} vertex ${i} y`)];
  });
  for (let i = 1; i < line.length; i++) {
    if (line[i][0] === line[i - 1][0] && line[i][1] === line[i - 1][1]) {
      throw new FoldParamsError(`fold ${k}: vertices ${i - 1} and ${i} coincide`);
    }
  }
  const s = finite(r.s, `fold ${k} s`);
  if (!(s >= 1e-5 && s <= 0.1)) throw new FoldParamsError(`fold ${k}: s must lie in [1e-5, 0.1], got ${s}`);
  const bandGain = finite(r.bandGain, `fold ${k} bandGain`);
  if (!(bandGain >= 0 && bandGain <= 1)) throw new FoldParamsError(`fold ${k}: bandGain must lie in [0, 1]`);
  return {
    line,
    L: perVertex(r.L, line.length, `fold ${k} L`),
    pull: perVertex(r.pull, line.length, `fold ${k} pull`),
    s,
    bandGain,
  };
}

/** Checks an untrusted value (a hand-written shape file) against the contract. */
export function validateFoldShape(value: unknown): FoldShape {
  const folds = (value as { folds?: unknown } | null)?.folds;
  if (!Array.isArray(folds) || folds.length === 0)
    throw new FoldParamsError('a fold shape needs a non-empty "folds" list');
  return { folds: folds.map(validateCurveFold) };
}

/**
 * The straight fold of `FoldParams` as a curve fold: its line extended past both sides of a
 * width × height image, so every pixel projects inside the segment as on the infinite line.
 */
export function straightFold(p: FoldParams, width: number, height: number): CurveFold {
  const len = Math.hypot(p.x1 - p.x0, p.y1 - p.y0);
  const ux = (p.x1 - p.x0) / len,
    uy = (p.y1 - p.y0) / len;
  const reach = 2 * Math.hypot(width, height);
  return {
    line: [
      [p.x0 - reach * ux, p.y0 - reach * uy],
      [p.x1 + reach * ux, p.y1 + reach * uy],
    ],
    L: [p.L, p.L],
    pull: [p.F - p.L, p.F - p.L],
    s: p.s,
    bandGain: p.bandGain,
  };
}
