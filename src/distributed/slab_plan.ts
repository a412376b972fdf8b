/**
 * Which task needs which detections. A slab (a chunk's depth of sections, the unit the output is
 * written in) can be restored once the flags of its sections and of the sections within reach of
 * them (±3, where neighbours are chosen) are known; a slab none of whose sections is flagged or
 * forced is only copied. Pure arithmetic on section numbers, shared by the planner and the
 * detection tasks that plan slabs as their windows fill.
 */
import type { FoldSummary } from '../offline/records.js';
import { NEIGHBOUR_REACH } from '../restoration/neighbours.js';

export interface Slab {
  z0: number;
  z1: number;
}

export interface VolumeShape {
  depth: number;
  chunkDepth: number;
}

export function slabs(shape: VolumeShape): Slab[] {
  const out: Slab[] = [];
  for (let z0 = 0; z0 < shape.depth; z0 += shape.chunkDepth)
    out.push({ z0, z1: Math.min(z0 + shape.chunkDepth, shape.depth) });
  return out;
}

/** The slab that holds section z. */
export function slabOf(z: number, shape: VolumeShape): Slab {
  const z0 = z - (z % shape.chunkDepth);
  return { z0, z1: Math.min(z0 + shape.chunkDepth, shape.depth) };
}

/** Sections whose detections a slab's restoration reads: its own and those within reach. */
export function detectionWindow(slab: Slab, depth: number): number[] {
  const lo = Math.max(0, slab.z0 - NEIGHBOUR_REACH);
  const hi = Math.min(depth - 1, slab.z1 - 1 + NEIGHBOUR_REACH);
  return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
}

/** The slabs whose detection window holds section z. */
export function slabsNear(z: number, shape: VolumeShape): Slab[] {
  const lo = slabOf(Math.max(0, z - NEIGHBOUR_REACH), shape).z0;
  const hi = slabOf(Math.min(shape.depth - 1, z + NEIGHBOUR_REACH), shape).z0;
  const out: Slab[] = [];
  for (let z0 = lo; z0 <= hi; z0 += shape.chunkDepth) out.push(slabOf(z0, shape));
  return out;
}

/** True when some section of the slab is flagged or forced: it is restored, not copied. */
export function needsRestoring(
  slab: Slab,
  force: readonly number[],
  summary: (z: number) => FoldSummary | undefined,
): boolean {
  for (let z = slab.z0; z < slab.z1; z++) if (force.includes(z) || summary(z)?.flagged === true) return true;
  return false;
}
