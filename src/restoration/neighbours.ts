/**
 * Which sections stand in for z − 1 and z + 1. A fold is confined to one section, but its direct
 * neighbour may be damaged too (or missing at the volume's edge); the nets were trained on
 * triplets, so the nearest clean section on each side is the best substitute, and one clean side
 * used twice beats none.
 */
import type { GrayImage } from '../core/image.js';
import { RestorationError } from '../core/restoration_method.js';

/** How far the search for a clean neighbour goes on each side. */
export const NEIGHBOUR_REACH = 3;

export interface NeighbourChoice {
  /** Always both set; equal when only one side has a clean section. */
  prev: number;
  next: number;
  /** Why the choice differs from z ± 1, or undefined when it does not. */
  note?: string;
}

/** The neighbour images handed to the pipeline, with the sections they came from (for reports). */
export interface NeighbourSet {
  prev?: GrayImage;
  next?: GrayImage;
  prevZ?: number;
  nextZ?: number;
}

/** Both sides resolved: a missing side is replaced by the other one. */
export interface NeighbourPair {
  prev: GrayImage;
  next: GrayImage;
  used: { prev?: number; next?: number };
  note?: string;
}

function nearestClean(
  z: number,
  step: -1 | 1,
  sectionCount: number,
  isFlagged: (z: number) => boolean,
): number | undefined {
  for (let k = 1; k <= NEIGHBOUR_REACH; k++) {
    const c = z + step * k;
    if (c < 0 || c >= sectionCount) return undefined;
    if (!isFlagged(c)) return c;
  }
  return undefined;
}

/**
 * z − 1 and z + 1, or the nearest clean section within ±3 on a side whose direct neighbour is
 * missing or flagged. Throws RestorationError('NoNeighbourSection') when neither side has one.
 */
export function chooseNeighbours(
  z: number,
  sectionCount: number,
  isFlagged: (z: number) => boolean,
  /** Why a skipped section cannot be used, for the note (default "flagged"). */
  whyUnusable: (z: number) => string = () => 'flagged',
): NeighbourChoice {
  if (!Number.isInteger(z) || z < 0 || z >= sectionCount) {
    throw new RangeError(`section ${z} is outside the volume (0–${sectionCount - 1})`);
  }
  const prev = nearestClean(z, -1, sectionCount, isFlagged);
  const next = nearestClean(z, 1, sectionCount, isFlagged);
  if (prev === undefined && next === undefined) {
    throw new RestorationError(
      'NoNeighbourSection',
      `no clean neighbour section within ±${NEIGHBOUR_REACH} of section ${z}`,
    );
  }
  const notes: string[] = [];
  if (prev === undefined) notes.push(`no clean section before ${z}: using ${next} on both sides`);
  else if (prev !== z - 1)
    notes.push(`section ${z - 1} is ${whyUnusable(z - 1)}: using ${prev} as the previous section`);
  if (next === undefined) notes.push(`no clean section after ${z}: using ${prev} on both sides`);
  else if (next !== z + 1) notes.push(`section ${z + 1} is ${whyUnusable(z + 1)}: using ${next} as the next section`);
  return { prev: (prev ?? next)!, next: (next ?? prev)!, note: notes.length > 0 ? notes.join('; ') : undefined };
}

/** Fills a missing side with the other one, checking sizes; throws when both are missing. */
export function pairNeighbours(set: NeighbourSet, damaged: GrayImage): NeighbourPair {
  for (const [which, img] of [
    ['previous', set.prev],
    ['next', set.next],
  ] as const) {
    if (img !== undefined && (img.width !== damaged.width || img.height !== damaged.height)) {
      throw new RestorationError(
        'SizeMismatch',
        `${which} section is ${img.width}×${img.height} but the damaged one is ${damaged.width}×${damaged.height}`,
      );
    }
  }
  const used = { prev: set.prevZ, next: set.nextZ };
  if (set.prev !== undefined && set.next !== undefined) return { prev: set.prev, next: set.next, used };
  const only = set.prev ?? set.next;
  if (only === undefined)
    throw new RestorationError('NoNeighbourSection', 'no clean neighbour section to restore from');
  const side = set.prev !== undefined ? 'previous' : 'next';
  const z = set.prevZ ?? set.nextZ;
  return {
    prev: only,
    next: only,
    used: { prev: z, next: z },
    note: `only the ${side} section is available: used on both sides`,
  };
}
