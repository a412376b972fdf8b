/**
 * Turns the wrapped data source into the `sff://` one: everything is kept (subsources, model
 * transform, dimensions, state) except that uint8 image volumes are served through our chunk
 * sources, each with a `folds` annotation subsource beside it. Other volumes pass through
 * unchanged, with a notice for image volumes we cannot restore yet.
 */
import type { DataSource, DataSourceWithRedirectInfo } from 'neuroglancer/unstable/datasource/index.js';
import { DataType, VolumeType } from 'neuroglancer/unstable/sliceview/volume/base.js';
import type { MultiscaleVolumeChunkSource } from 'neuroglancer/unstable/sliceview/volume/frontend.js';
import { SffError } from '../../core/errors.js';
import { FOLD_SUBSOURCE_ID, FoldAnnotations } from './fold_annotations.js';
import { SffMultiscaleVolumeChunkSource } from './multiscale.js';
import { makeSffUrl, type SffOptions } from './url.js';

export const UINT8_ONLY_NOTICE = 'restoration supports uint8 only';

export function wrapDataSource(
  inner: DataSourceWithRedirectInfo,
  innerUrl: string,
  options: SffOptions,
  notify: (message: string) => void,
): DataSource {
  if (!inner.subsources.some((entry) => entry.subsource.volume !== undefined)) {
    throw new SffError('NoImageVolume', `sff: ${innerUrl} has no volume to restore`);
  }
  for (const problem of options.problems ?? []) notify(`sff: ${problem}; showing ${innerUrl} raw`);
  const subsources = inner.subsources
    .map((entry) => {
      const volume = entry.subsource.volume;
      if (volume === undefined || !isRestorable(volume)) {
        if (volume?.volumeType === VolumeType.IMAGE) {
          notify(
            `sff: ${UINT8_ONLY_NOTICE} (${innerUrl} is ${DataType[volume.dataType].toLowerCase()}); showing it unchanged`,
          );
        }
        return [entry];
      }
      const sffVolume = new SffMultiscaleVolumeChunkSource(volume, innerUrl, options);
      const annotations = new FoldAnnotations(volume.rank);
      sffVolume.folds.changed.add(() => {
        const folds = sffVolume.folds.value;
        if (folds !== undefined) annotations.follow(folds.report, folds.detectionTransform);
      });
      return [
        { ...entry, subsource: { ...entry.subsource, volume: sffVolume } },
        // Off by default: lines over the restored band would hide what the layer is for.
        { id: FOLD_SUBSOURCE_ID, default: false, subsource: { staticAnnotations: annotations.source } },
      ];
    })
    .flat();
  const { redirectLog: _log, originalCanonicalUrl: _original, ...rest } = inner;
  // Canonical URL stays in the scheme-first form: a `|` pipeline canonical URL could not be wrapped.
  return { ...rest, subsources, canonicalUrl: makeSffUrl(innerUrl, options) };
}

function isRestorable(volume: MultiscaleVolumeChunkSource): boolean {
  return volume.volumeType === VolumeType.IMAGE && volume.dataType === DataType.UINT8;
}
