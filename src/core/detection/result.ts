/** What the detector returns, for the viewer's worker and the CLI alike. */
import type { GrayImage } from '../image.js';

export type Segment = [x0: number, y0: number, x1: number, y1: number];

/**
 * One fold: its centre line as a polyline (following the band's curve; a branch of a Y is a fold of
 * its own that starts at the junction) and the band's half-width along it, full-resolution pixels.
 */
export interface DetectedFold {
  line: [x: number, y: number][];
  /** Band half-width at each vertex of `line`, measured across the mask there. */
  halfWidths: number[];
  /** Confidence 0..1 of this fold (the section's `score` is the highest). */
  score: number;
}

export interface FoldDetection {
  /** The section has at least one fold (score ≥ the threshold). */
  flagged: boolean;
  /** Confidence 0..1 of the strongest fold-like structure, flagged or not. */
  score: number;
  /** 1 on the fold band(s), 0 elsewhere, full resolution. */
  mask: GrayImage;
  /** Share of the section's pixels in the mask. */
  maskFraction: number;
  /** Centre lines of the fold bands as straight pieces, full-resolution pixel coordinates. */
  segments: Segment[];
  /** The same centre lines grouped per fold (the segments are their consecutive pieces). */
  folds: DetectedFold[];
  /** 1 on black padding outside the imaged area (not a fold), when there is any. */
  paddingMask?: GrayImage;
}
