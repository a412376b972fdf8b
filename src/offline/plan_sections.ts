/**
 * The act of `restoreSections` for volumes: a flagged section is only planned — its fold geometry
 * estimated on the detection scale and expressed in base-scale pixels — and restored block by
 * block at every scale when its slab is written (volume_blocks.ts).
 */
import { estimateGeometry } from '../core/geometry/estimate.js';
import { geometryInFrame } from '../core/geometry/fold_geometry.js';
import type { PrecomputedInfo } from '../io/precomputed/index.js';
import { meanSection } from '../restoration/section_read.js';
import type { SectionAct } from './restore_sections.js';

const NO_LINE = 'no fold line found to restore along: kept as it is (volumes are restored along fold lines)';

/** Plans sections of scale `detectionScale` of a volume with this info. */
export function planAct(info: PrecomputedInfo, detectionScale: number, signal?: AbortSignal): SectionAct {
  const [baseWidth, baseHeight] = info.scales[0].size;
  const scale = baseWidth / info.scales[detectionScale].size[0];
  return async ({ damaged, prev, next, detection }) => {
    const found = estimateGeometry(detection, damaged, meanSection(prev, next), { scale }, signal);
    if (!found.flagged) return { notes: [NO_LINE] };
    return { geometry: geometryInFrame(found, baseWidth, baseHeight), notes: [] };
  };
}
