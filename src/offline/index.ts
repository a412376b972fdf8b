export { OfflineError } from './errors.js';
export { type FoldSummary, type SectionRecord, summarise } from './records.js';
export { type SectionSource, pngSections, volumeSections } from './sources.js';
export { type RestoreSettings, type SectionOutcome, restoreSections } from './restore_sections.js';
export { type StackRecord, type StackRestoreOptions, STACK_REPORT, restoreStack } from './restore_stack.js';
export { type VolumeRestoreOptions, type VolumeRestoreResult, restoreVolume } from './restore_volume.js';
export { VOLUME_REPORT, partialDirOf } from './volume_target.js';
export {
  type Catalogue,
  type CatalogueEntry,
  type CatalogueOptions,
  ANNOTATIONS_DIR,
  CATALOGUE_JSON,
  writeFoldCatalogue,
} from './catalogue.js';
export { checkModels, DEFAULT_MODELS_DIR, lazyRunner, type LazyRunner } from './models.js';
export { DETECTOR_NAMES, type DetectorName, lazyDetector, loadDetector, type LoadedDetector } from './detector.js';
