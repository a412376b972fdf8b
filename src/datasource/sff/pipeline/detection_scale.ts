/**
 * Which scale of a volume folds are detected on: the finest whose sections are small enough to
 * assemble and detect in the worker in well under a second or two. Pure.
 */
import type { ChunkGrid } from '../base.js';
import { isSectionGrid } from './section_assembly.js';

/** Largest section side detected on (pixels): 4096² is 16 MB of uint8, a few seconds of detection. */
export const MAX_DETECTION_SIDE = 4096;

/** Index of the detection scale among `scales` (any order), or undefined if none fits. */
export function chooseDetectionScale(scales: ChunkGrid[]): number | undefined {
  const side = (grid: ChunkGrid): number => Math.max(grid.upperVoxelBound[0], grid.upperVoxelBound[1]);
  let best: number | undefined;
  scales.forEach((grid, i) => {
    if (!isSectionGrid(grid) || side(grid) > MAX_DETECTION_SIDE) return;
    if (best === undefined || side(grid) > side(scales[best])) best = i;
  });
  return best;
}

/** Index of the finest scale that holds whole sections (a fold catalogue's frame), if any. */
export function finestScale(scales: ChunkGrid[]): number | undefined {
  let best: number | undefined;
  scales.forEach((grid, i) => {
    if (isSectionGrid(grid) && (best === undefined || grid.upperVoxelBound[0] > scales[best].upperVoxelBound[0]))
      best = i;
  });
  return best;
}

/** Both grids hold the same sections (z is not downsampled between them). */
export function sameSections(a: ChunkGrid, b: ChunkGrid): boolean {
  return a.upperVoxelBound[2] === b.upperVoxelBound[2] && isSectionGrid(a);
}
