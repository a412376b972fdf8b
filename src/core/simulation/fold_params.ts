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
