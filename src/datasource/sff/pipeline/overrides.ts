/**
 * Manual overrides of the fold detector, per section: the user marks a section folded (restore it
 * even though the detector let it pass) or clean (serve it raw even though it was flagged). They
 * live in the source URL options (url.ts), so a shared link carries them. Pure.
 */
import { makeGray } from '../../../core/image.js';
import type { SffOptions } from '../url.js';
import type { SectionDetection } from './section_detector.js';

export type SectionMark = 'folded' | 'clean' | 'auto';

/** The user's mark of section z ('auto' = the detector decides). */
export function markOf(options: SffOptions, z: number): SectionMark {
  if (options.folded?.includes(z)) return 'folded';
  if (options.clean?.includes(z)) return 'clean';
  return 'auto';
}

/** The marks within `reach` of z, as text ('' when none): a cache key part. */
export function marksNear(options: SffOptions, z: number, reach: number): string {
  const near = (list: number[] | undefined) => (list ?? []).filter((n) => Math.abs(n - z) <= reach).join(',');
  const [folded, clean] = [near(options.folded), near(options.clean)];
  return folded === '' && clean === '' ? '' : `folded=${folded};clean=${clean}`;
}

/** `options` with section z marked `mark` (and removed from the other list). */
export function withMark(options: SffOptions, z: number, mark: SectionMark): SffOptions {
  const update = (list: number[] | undefined, keep: boolean): number[] | undefined => {
    const next = (list ?? []).filter((n) => n !== z);
    if (keep) next.push(z);
    next.sort((a, b) => a - b);
    return next.length > 0 ? next : undefined;
  };
  const { folded: _folded, clean: _clean, ...rest } = options;
  const folded = update(options.folded, mark === 'folded');
  const clean = update(options.clean, mark === 'clean');
  return { ...rest, ...(folded && { folded }), ...(clean && { clean }) };
}

/** Whether section z is treated as folded: the user's mark, else the detector's flag. */
export function isTreatedFolded(options: SffOptions, z: number, detectedFlagged: boolean): boolean {
  const mark = markOf(options, z);
  return mark === 'auto' ? detectedFlagged : mark === 'folded';
}

/**
 * The detection the worker acts on. A section marked folded whose detection found no band is
 * restored whole: with no mask to go by, every pixel is treated as lost.
 */
export function applyMark(detection: SectionDetection, mark: SectionMark): SectionDetection {
  if (mark === 'auto' || (mark === 'folded') === detection.flagged) return detection;
  if (mark === 'clean') return { ...detection, flagged: false };
  if (detection.maskFraction > 0) return { ...detection, flagged: true };
  const { width, height } = detection.mask;
  const mask = makeGray(width, height);
  mask.data.fill(1);
  return { ...detection, flagged: true, mask, maskFraction: 1 };
}
