/**
 * The act of `restoreSections` for volumes: a flagged section is only planned — its fold geometry
 * estimated on the detection scale and expressed in base-scale pixels — and restored block by
 * block at every scale when its slab is written (volume_blocks.ts).
 */
import { minHalfWidthAt } from '../core/detection/index.js';
import { estimateGeometry } from '../core/geometry/estimate.js';
import { geometryInFrame } from '../core/geometry/fold_geometry.js';
import type { OpenVolume, PrecomputedInfo } from '../io/precomputed/index.js';
import { meanSection } from '../restoration/section_read.js';
import type { RestoreSettings, SectionAct } from './restore_sections.js';
import type { SectionDetectOptions } from './section_window.js';
import { scaleSections, type SectionSource } from './sources.js';

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

/**
 * Detector options on the detection scale: the narrowest band scaled to it unless the caller gives
 * one (an option left undefined, as commander leaves an absent flag, keeps the scaled default).
 */
export function detectionOptions(
  info: PrecomputedInfo,
  detectionScale: number,
  given?: SectionDetectOptions,
): SectionDetectOptions {
  const factor = info.scales[0].size[0] / info.scales[detectionScale].size[0];
  return { ...given, minHalfWidth: given?.minHalfWidth ?? minHalfWidthAt(factor) };
}

/**
 * What the single-process and the distributed engines both walk to plan a volume: its detection
 * scale's sections, and the settings that detect there and plan flagged sections (planAct).
 */
export function planningOf(
  volume: OpenVolume,
  detectionScale: number,
  settings: RestoreSettings,
): { sections: SectionSource; settings: RestoreSettings } {
  return {
    sections: scaleSections(volume, detectionScale),
    settings: {
      ...settings,
      detectOptions: detectionOptions(volume.info, detectionScale, settings.detectOptions),
      act: planAct(volume.info, detectionScale, settings.signal),
    },
  };
}
