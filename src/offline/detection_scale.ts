/**
 * Which scale of a volume the CLI detects folds and estimates their geometry on: the viewer's rule
 * (the finest scale whose sections are at most MAX_DETECTION_SIDE px on a side), so the catalogue
 * and the restored copy agree with what the viewer shows.
 */
import { MAX_DETECTION_SIDE } from '../datasource/sff/pipeline/detection_scale.js';
import type { PrecomputedInfo } from '../io/precomputed/index.js';
import { OfflineError } from './errors.js';

export function detectionScaleIndex(info: PrecomputedInfo, location: string): number {
  const depth = info.scales[0].size[2];
  let best: number | undefined;
  info.scales.forEach((scale, i) => {
    const side = Math.max(scale.size[0], scale.size[1]);
    if (scale.size[2] !== depth || side > MAX_DETECTION_SIDE) return;
    if (best === undefined || side > Math.max(...info.scales[best].size.slice(0, 2))) best = i;
  });
  if (best === undefined) {
    const smallest = Math.min(...info.scales.map((s) => Math.max(s.size[0], s.size[1])));
    throw new OfflineError(
      `${location}: no scale is at most ${MAX_DETECTION_SIDE} px on a side (smallest: ${smallest} px); ` +
        'folds are detected on a downsampled scale: add one (e.g. with igneous or `sff convert`)',
    );
  }
  return best;
}

/** Every scale is written slab by slab with the base's sections: their chunks must have its depth. */
export function checkChunkDepths(info: PrecomputedInfo, location: string): void {
  const depth = info.scales[0].chunk_sizes[0][2];
  const other = info.scales.find((s) => s.chunk_sizes[0][2] !== depth);
  if (other !== undefined) {
    throw new OfflineError(
      `${location}: scale ${other.key} has chunks ${other.chunk_sizes[0][2]} sections deep, the base ${depth}; ` +
        'sff restore writes all scales slab by slab and needs one chunk depth',
    );
  }
}
