import { SffError, type SffErrorOptions } from '../errors.js';

/**
 * Explicit parameters of one support-film fold; the contract shared with the Python trainer is
 * docs/fold-model.md.
 */
export interface FoldParams {
  /** Two points on the fold line, pixel coordinates. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Band half-width in pixels. */
  L: number;
  /** Reach of the tissue pulled into the fold (F > L). */
  F: number;
  /** Decay slope of the displacement with distance. */
  s: number;
  /** 0: pure black band (paper); > 0: dark band textured by the tissue underneath. */
  bandGain: number;
}

/** Parameters that break the contract (e.g. a hand-written `--params` file). */
export class FoldParamsError extends SffError<'FoldParamsError'> {
  constructor(message: string, options?: SffErrorOptions) {
    super('FoldParamsError', message, options);
  }
}

const KEYS = ['x0', 'y0', 'x1', 'y1', 'L', 'F', 's', 'bandGain'] as const;

/**
 * Checks an untrusted value against the contract and returns it typed. The flow label divides by
 * (1 - s) and by the line length, so those ranges are not cosmetic.
 */
export function validateFoldParams(value: unknown): FoldParams {
  if (typeof value !== 'object' || value === null) {
    throw new FoldParamsError('fold parameters must be an object');
  }
  const record = value as Record<string, unknown>;
  for (const key of KEYS) {
    const v = record[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new FoldParamsError(`fold parameter "${key}" must be a finite number, got ${JSON.stringify(v)}`);
    }
  }
  const p = Object.fromEntries(KEYS.map((k) => [k, record[k]])) as unknown as FoldParams;
  if (!Number.isInteger(p.L) || p.L < 1) throw new FoldParamsError(`L must be an integer ≥ 1, got ${p.L}`);
  if (!(p.F > p.L)) throw new FoldParamsError(`F must exceed L, got F=${p.F}, L=${p.L}`);
  if (!(p.s >= 1e-5 && p.s <= 0.1)) throw new FoldParamsError(`s must lie in [1e-5, 0.1], got ${p.s}`);
  if (!(p.bandGain >= 0 && p.bandGain <= 1)) {
    throw new FoldParamsError(`bandGain must lie in [0, 1], got ${p.bandGain}`);
  }
  if (Math.hypot(p.x1 - p.x0, p.y1 - p.y0) === 0) {
    throw new FoldParamsError('the two points of the fold line coincide');
  }
  return p;
}
