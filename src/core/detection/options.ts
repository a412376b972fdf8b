/**
 * Options of the fold detector. Fold bands have no physical width: the simulation draws half-widths
 * of 5–20 px at 4.6 nm/px, the real DOLW7 fold is 20–45 px at ~50 nm/px. So the scale knob is the
 * band half-width range in pixels of the image at hand, not a pixel size.
 */
import { SffError, type SffErrorOptions } from '../errors.js';
import type { GrayImage } from '../image.js';

/** The narrowest band found by default: the simulation's L ≥ 5 px at its resolution. */
export const DEFAULT_MIN_HALF_WIDTH = 5;

/**
 * The default narrowest band on a scale `factor` times coarser than the one folds are simulated and
 * trained at (a volume's base scale): the same physical band, never below 2 px.
 */
export function minHalfWidthAt(factor: number): number {
  return Math.max(2, Math.round(DEFAULT_MIN_HALF_WIDTH / factor));
}

/** Default section flag threshold on the 0..1 score. */
export const DEFAULT_THRESHOLD = 0.5;

export interface DetectOptions {
  /** Narrowest fold band to find, as a half-width in pixels (default 5, the simulation's L ≥ 5). */
  minHalfWidth?: number;
  /** Section flag threshold on the 0..1 score (default 0.5). */
  threshold?: number;
  /**
   * Neighbour sections (z−1, z+1) of the same size, optional. A fold is confined to one section,
   * so a dark band that is also dark in every neighbour is anatomy and is not scored as a fold.
   */
  neighbours?: readonly GrayImage[];
}

export interface ResolvedOptions {
  minHalfWidth: number;
  threshold: number;
  neighbours: readonly GrayImage[];
  /** Block-mean downsampling factor: the narrowest band keeps ≥ 2.5 coarse pixels of half-width. */
  factor: number;
}

/** Bad options (a negative width, neighbours of another size): a caller mistake, not bad data. */
export class DetectOptionsError extends SffError<'DetectOptionsError'> {
  constructor(message: string, options?: SffErrorOptions) {
    super('DetectOptionsError', message, options);
  }
}

export function resolveOptions(section: GrayImage, options: DetectOptions = {}): ResolvedOptions {
  const minHalfWidth = options.minHalfWidth ?? DEFAULT_MIN_HALF_WIDTH;
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(Number.isFinite(minHalfWidth) && minHalfWidth >= 1)) {
    throw new DetectOptionsError(`minHalfWidth must be a number ≥ 1, got ${minHalfWidth}`);
  }
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new DetectOptionsError(`threshold must lie in [0, 1], got ${threshold}`);
  }
  const neighbours = options.neighbours ?? [];
  for (const n of neighbours) {
    if (n.width !== section.width || n.height !== section.height) {
      throw new DetectOptionsError(
        `neighbour is ${n.width}×${n.height}, section is ${section.width}×${section.height}`,
      );
    }
  }
  const factor = Math.max(1, Math.floor(minHalfWidth / 2.5));
  return { minHalfWidth, threshold, neighbours, factor };
}
