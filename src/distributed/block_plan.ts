/**
 * Which write tasks a planned slab becomes: one restore task per block (≈ 512², chunk-aligned,
 * at every scale) that a fold of the slab reaches, and copy tasks for the other blocks, at most
 * COPY_BLOCKS each, so that every task is bounded in memory and time whatever the section's
 * size. Pure: the planner (on --resume) and the planning task derive the same tasks from the
 * same plan.
 */
import { geometryInFrame } from '../core/geometry/fold_geometry.js';
import type { PrecomputedInfo } from '../io/precomputed/index.js';
import { scaleBlocks } from '../offline/scale_blocks.js';
import { blockInfluenced, scalePlans, type SectionPlanRecord } from '../offline/volume_blocks.js';
import type { Slab } from './slab_plan.js';

/** Clean blocks per copy task: 64 blocks of 512² are 16 MPix per section of the slab. */
export const COPY_BLOCKS = 64;

export interface BlockTask {
  kind: 'restore' | 'copy';
  /** Index of the scale in the info, and of the blocks in its scaleBlocks (row by row). */
  scale: number;
  blocks: number[];
}

export function blockTasks(info: PrecomputedInfo, slab: Slab, plans: readonly SectionPlanRecord[]): BlockTask[] {
  const out: BlockTask[] = [];
  info.scales.forEach((scale, s) => {
    // In the scale's pixels once (blockInfluenced takes them as they are), not once per block.
    const [w, h] = scale.size;
    const restored = scalePlans(info, scale, plans).map((p) => ({ ...p, geometry: geometryInFrame(p.geometry, w, h) }));
    let copy: number[] = [];
    const flush = (): void => {
      if (copy.length > 0) out.push({ kind: 'copy', scale: s, blocks: copy });
      copy = [];
    };
    scaleBlocks(scale).forEach((block, b) => {
      if (blockInfluenced(restored, scale.size, block, slab.z0, slab.z1))
        out.push({ kind: 'restore', scale: s, blocks: [b] });
      else if (copy.push(b) === COPY_BLOCKS) flush();
    });
    flush();
  });
  return out;
}

/** Voxels a write task writes (its blocks' areas × the slab's depth): the unit of `sff status`'s rate. */
export function taskVoxels(info: PrecomputedInfo, slab: Slab, task: BlockTask): number {
  const blocks = scaleBlocks(info.scales[task.scale]);
  return task.blocks.reduce((n, b) => n + blocks[b].width * blocks[b].height, 0) * (slab.z1 - slab.z0);
}
