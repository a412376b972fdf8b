/** What the offline tools report per section (the `--json` lines, the manifests, the catalogue). */
import type { FoldDetection, Segment } from '../core/detection/index.js';
import type { SectionGeometry } from '../core/geometry/fold_geometry.js';

/** The part of a detection worth keeping once the section's pixels are gone. */
export interface FoldSummary {
  flagged: boolean;
  score: number;
  segments: Segment[];
}

export interface SectionRecord {
  z: number;
  /** The detector flagged a fold (false when detection was skipped). */
  flagged: boolean;
  /** Named by the user (`--sections`): restored whatever the detector says. */
  forced: boolean;
  /** The written pixels differ from the input. */
  restored: boolean;
  /** Fold score 0..1, null when detection was skipped. */
  score: number | null;
  segments: Segment[];
  /** Sections used as z − 1 and z + 1, null when the section was not restored. */
  neighbours: [number, number] | null;
  /** Wall milliseconds spent on this section (detection and restoration, not writing). */
  ms: number;
  notes: string[];
  /** Volumes: the fold geometry the section was restored along, in base-scale pixels. */
  geometry?: SectionGeometry;
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

export function summarise(detection: FoldDetection): FoldSummary {
  return {
    flagged: detection.flagged,
    score: round(detection.score, 4),
    segments: detection.segments.map((s) => s.map((v) => round(v, 1)) as Segment),
  };
}

/** The record of section z before any restoration: what detection said (nothing when skipped). */
export function sectionRecord(z: number, summary: FoldSummary | undefined, forced: boolean, ms = 0): SectionRecord {
  return {
    z,
    flagged: summary?.flagged ?? false,
    forced,
    restored: false,
    score: summary?.score ?? null,
    segments: summary?.segments ?? [],
    neighbours: null,
    ms,
    notes: [],
  };
}
