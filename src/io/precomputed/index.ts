export { StackError, PrecomputedFormatError, OutputExistsError } from './errors.js';
export { type SectionStack, type PngSectionStack, stackOfImages, openPngStack } from './stack.js';
export {
  type Vec3,
  type PrecomputedInfo,
  type PrecomputedScale,
  type VolumeLayout,
  makeInfo,
  parseInfo,
} from './info.js';
export { downsample2x2, pyramid } from './downsample.js';
export { type ChunkBox, chunkName } from './chunks.js';
export { type ChunkEncoding, type WriteVolumeOptions, isPrecomputedDir, writePrecomputed } from './writer.js';
export { readInfo, readSection, readScale } from './reader.js';
export { type WriteZarrOptions, writeOmeZarr } from './zarr.js';
export { type VolumeStore, openStore } from './store.js';
export { type OpenVolume, openPrecomputedVolume } from './volume.js';
export { openVolume } from '../open_volume.js';
export { type LineAnnotation, type LineSourceOptions, type Point3, writeLineAnnotations } from './annotations.js';
