/**
 * The chunks a block's preview will read, known from the geometry before it runs: the damaged
 * section's under the block and where the warp pulls its sources from, and the neighbours' only
 * where the lost strip is (the fill reads them there). Fetching them first lets a queued preview
 * compute at once when its turn comes, instead of holding its turn while the network answers. Pure.
 */
import { borderSourceRect, type GridRect, influences, lostReach } from '../../../core/geometry/fold_field.js';
import { geometryInFrame } from '../../../core/geometry/fold_geometry.js';
import { chunkRects } from './block_assembly.js';
import type { BlockJob } from './block_restorer.js';

/** One chunk of one section. */
export interface SectionChunk {
  z: number;
  position: Float32Array;
}

function boundingBox(rects: GridRect[]): GridRect {
  const x0 = Math.min(...rects.map((r) => r.x)),
    y0 = Math.min(...rects.map((r) => r.y));
  const x1 = Math.max(...rects.map((r) => r.x + r.width)),
    y1 = Math.max(...rects.map((r) => r.y + r.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The chunks the preview of `job`'s block reads (a superset, up to the chunk grid): no halo, as
 * the preview runs no net (block_restore.ts blockHalo).
 */
export function blockChunks(job: Pick<BlockJob, 'z' | 'plan' | 'grid' | 'rect'>): SectionChunk[] {
  const { z, plan, grid, rect } = job;
  const geometry = geometryInFrame(plan.geometry, grid.upperVoxelBound[0], grid.upperVoxelBound[1]);
  if (!geometry.flagged || geometry.folds.length === 0) return [];
  const cd = grid.chunkDataSize[2];
  const at = (section: number, r: GridRect): SectionChunk => ({
    z: section,
    position: Float32Array.of(r.x / grid.chunkDataSize[0], r.y / grid.chunkDataSize[1], Math.floor(section / cd)),
  });
  const damaged = chunkRects(grid, borderSourceRect(geometry, rect)).map((r) => at(z, r));
  // The fill reads the neighbours over the box of the block's lost strip (1 px: rounding).
  const near = chunkRects(grid, rect).filter((r) => influences(geometry, r, 1, lostReach));
  const neighbourRects = near.length === 0 ? [] : chunkRects(grid, boundingBox(near));
  return [...damaged, ...[plan.prev, plan.next].flatMap((section) => neighbourRects.map((r) => at(section, r)))];
}
