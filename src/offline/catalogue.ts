/**
 * A fold catalogue of a precomputed volume (`sff detect --precomputed`): every section detected
 * with its neighbours z ± 1, then `folds.json`, `folds.csv` and `annotations/`, a precomputed
 * annotation source of the fold centre lines that any Neuroglancer adds as an annotation layer.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FoldDetector, Segment } from '../core/detection/index.js';
import { estimateGeometry } from '../core/geometry/estimate.js';
import { geometryInFrame, type SectionGeometry } from '../core/geometry/fold_geometry.js';
import { writeDirAtomically } from '../io/precomputed/atomic_dir.js';
import {
  type LineAnnotation,
  openVolume,
  type Point3,
  type PrecomputedScale,
  writeLineAnnotations,
} from '../io/precomputed/index.js';
import { meanSection } from '../restoration/section_read.js';
import { detectionScaleIndex } from './detection_scale.js';
import { detectionOptions } from './plan_sections.js';
import { type SectionDetectOptions, SectionWindow } from './section_window.js';
import { scaleSections } from './sources.js';

export const CATALOGUE_JSON = 'folds.json';
export const ANNOTATIONS_DIR = 'annotations';

export interface CatalogueEntry {
  /** Section index in the volume's coordinates (voxel_offset included). */
  section: number;
  score: number;
  flagged: boolean;
  /** Fold centre lines, x0, y0, x1, y1 in the base scale's voxel coordinates (offset included). */
  segments: Segment[];
  /**
   * The fold geometry of a flagged section (centre polylines, half-widths, pull; base-scale voxels
   * from the scale's origin): what `sff restore` and the viewer restore along.
   */
  geometry?: SectionGeometry;
  /** Chunks of the section the store does not have (pixels 0): absent when none. */
  missingChunks?: number;
  /** Why the entry is to be taken with care (e.g. missing chunks), absent when nothing to say. */
  note?: string;
}

export interface Catalogue {
  source: string;
  size: Point3;
  resolution: Point3;
  sections: CatalogueEntry[];
}

export interface CatalogueOptions {
  detectOptions?: SectionDetectOptions;
  /** Default: the hand-tuned detectFolds. */
  detector?: FoldDetector;
  signal?: AbortSignal;
  onSection?: (done: number, total: number) => void;
}

function csv(entries: readonly CatalogueEntry[]): string {
  const rows = entries.map((e) =>
    [e.section, e.score, e.flagged, e.segments.map((s) => s.join(' ')).join(';')].join(','),
  );
  return ['section,score,flagged,segments', ...rows].join('\n') + '\n';
}

/** Centre lines at the middle of their voxels (Neuroglancer puts voxel i at [i, i + 1)). */
function foldLines(entries: readonly CatalogueEntry[]): LineAnnotation[] {
  const lines: LineAnnotation[] = [];
  for (const e of entries.filter((entry) => entry.flagged)) {
    for (const [x0, y0, x1, y1] of e.segments) {
      const z = e.section + 0.5;
      lines.push({ id: lines.length + 1, a: [x0 + 0.5, y0 + 0.5, z], b: [x1 + 0.5, y1 + 0.5, z], values: [e.score] });
    }
  }
  return lines;
}

function writeAnnotations(dir: string, base: PrecomputedScale, entries: readonly CatalogueEntry[]): void {
  const lower = base.voxel_offset;
  writeLineAnnotations(dir, foldLines(entries), {
    resolutionNm: base.resolution,
    lowerBound: lower,
    upperBound: [lower[0] + base.size[0], lower[1] + base.size[1], lower[2] + base.size[2]],
    properties: [{ id: 'score', description: 'fold score of the section (0..1)' }],
  });
}

/** The geometry of flagged section z against its neighbours z ± 1 (those that exist), in base voxels. */
async function geometryOf(
  window: SectionWindow,
  z: number,
  detection: Parameters<typeof estimateGeometry>[0],
  scale: number,
  [width, height]: readonly number[],
): Promise<SectionGeometry | undefined> {
  const around = [z - 1, z + 1].filter((k) => k >= 0 && k < window.source.depth);
  const [damaged, ...neighbours] = await Promise.all([z, ...around].map((k) => window.image(k)));
  const reference = meanSection(neighbours[0], neighbours[neighbours.length - 1]);
  const found = estimateGeometry(detection, damaged, reference, { scale });
  return found.flagged ? geometryInFrame(found, width, height) : undefined;
}

export async function writeFoldCatalogue(
  source: string,
  outDir: string,
  options: CatalogueOptions = {},
): Promise<Catalogue> {
  const volume = await openVolume(source, options.signal);
  const base = volume.info.scales[0];
  const [ox, oy, oz] = base.voxel_offset;
  // Detected on a coarse scale (memory bounded whatever the section's size), reported in base voxels.
  const index = detectionScaleIndex(volume.info, volume.store.location);
  const factor = base.size[0] / volume.info.scales[index].size[0];
  const detectOptions = detectionOptions(volume.info, index, options.detectOptions);
  const window = new SectionWindow(scaleSections(volume, index), detectOptions, options.signal, options.detector);
  const at = (v: number, offset: number): number => (v + 0.5) * factor - 0.5 + offset;
  const entries: CatalogueEntry[] = [];
  for (let z = 0; z < base.size[2]; z++) {
    const detection = await window.detection(z);
    const { flagged, score, segments } = window.summary(z)!;
    const shifted = segments.map(([x0, y0, x1, y1]) => [at(x0, ox), at(y0, oy), at(x1, ox), at(y1, oy)] as Segment);
    const geometry = flagged ? await geometryOf(window, z, detection, factor, base.size) : undefined;
    const missing = (await window.missing(z)).length;
    const gaps = missing > 0 && {
      missingChunks: missing,
      note: `${missing} chunks missing (read as 0): not used as a neighbour where they lie`,
    };
    entries.push({ section: z + oz, score, flagged, segments: shifted, ...(geometry && { geometry }), ...gaps });
    window.forgetBefore(z - 1);
    options.onSection?.(z + 1, base.size[2]);
  }
  const catalogue: Catalogue = {
    source: volume.store.location,
    size: base.size,
    resolution: base.resolution,
    sections: entries,
  };
  const isOurs = (dir: string): boolean => existsSync(join(dir, CATALOGUE_JSON));
  await writeDirAtomically(outDir, { isOurs, what: 'a fold catalogue' }, async (tmp) => {
    writeFileSync(join(tmp, CATALOGUE_JSON), JSON.stringify(catalogue, null, 1) + '\n');
    writeFileSync(join(tmp, 'folds.csv'), csv(entries));
    writeAnnotations(join(tmp, ANNOTATIONS_DIR), base, entries);
  });
  return catalogue;
}
