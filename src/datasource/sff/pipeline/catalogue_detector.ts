/**
 * A DetectSection that reads a fold catalogue instead of detecting (`#folds=<URL>`): a section's
 * flag, score and geometry come from the catalogue, nothing is assembled or detected, so it works
 * on volumes of any size. A catalogue that cannot be used leaves every section unchecked with its
 * reason (served raw, the status line says why). Reported once per section, like detections. Pure.
 */
import { makeGray } from '../../../core/image.js';
import type { FoldCatalogue } from './fold_catalogue.js';
import { type DetectSection, type SectionDetection, unchecked } from './section_detector.js';
import type { SharedTaskCache } from './shared_tasks.js';

export interface CatalogueDetectorOptions {
  /** Distinguishes volumes (and catalogues) sharing one cache. */
  volumeKey: string;
  /** The catalogue, loaded once for all sections (a rejection is every section's failure). */
  catalogue(): Promise<FoldCatalogue>;
  cache: SharedTaskCache<string, SectionDetection>;
  onDetected(z: number, detection: SectionDetection): void;
}

/** Section z as a detection: the catalogue's folds as its lines, its geometry to restore along. */
export function catalogueDetection(catalogue: FoldCatalogue, z: number): SectionDetection {
  const { flagged, score, geometry } = catalogue[z];
  return {
    flagged,
    score,
    // No mask: the band is drawn and restored from the geometry.
    mask: makeGray(0, 0),
    maskFraction: 0,
    segments: [],
    folds: geometry.folds.map(({ line, halfWidths, score }) => ({ line, halfWidths, score })),
    geometry,
  };
}

export function makeCatalogueDetector(options: CatalogueDetectorOptions): DetectSection {
  const { volumeKey, cache, onDetected } = options;
  return (z, signal) =>
    cache.get(
      `${volumeKey}/${z}`,
      async () => {
        let detection: SectionDetection;
        try {
          detection = catalogueDetection(await options.catalogue(), z);
        } catch (err) {
          detection = unchecked(err instanceof Error ? err.message : String(err));
        }
        onDetected(z, detection);
        return detection;
      },
      signal,
    );
}
