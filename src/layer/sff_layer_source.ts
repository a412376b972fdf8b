/**
 * The `sff://` data source of an image layer, seen from the layer panel: its options (read from
 * and written to the source URL, so they live in the shared state) and its volume's fold results.
 */
import type { UserLayer } from 'neuroglancer/unstable/layer/index.js';
import type { LayerDataSource, LoadedDataSubsource } from 'neuroglancer/unstable/layer/layer_data_source.js';
import { DataType, VolumeType } from 'neuroglancer/unstable/sliceview/volume/base.js';
import { FOLD_SUBSOURCE_ID } from '../datasource/sff/fold_annotations.js';
import { SffMultiscaleVolumeChunkSource } from '../datasource/sff/multiscale.js';
import { makeSffUrl, parseSffSource, SFF_SCHEME, type SffOptions } from '../datasource/sff/url.js';

export interface SffLayerSource {
  dataSource: LayerDataSource;
  innerUrl: string;
  options: SffOptions;
  /** The wrapped volume once loaded (its `folds` appear when the worker starts detecting). */
  volume?: SffMultiscaleVolumeChunkSource;
  /** The `folds` annotation subsource once loaded: enabled = fold lines shown. */
  foldLines?: LoadedDataSubsource;
  /** Set when the loaded image volume is one sff cannot restore (e.g. "uint16"): shown unchanged. */
  notRestored?: string;
}

/** The layer's first sff:// source with valid options, if any. */
export function sffLayerSource(layer: UserLayer): SffLayerSource | undefined {
  for (const dataSource of layer.dataSources) {
    const url = dataSource.spec.url.trim();
    if (!url.toLowerCase().startsWith(`${SFF_SCHEME}://`)) continue;
    let parsed: ReturnType<typeof parseSffSource>;
    try {
      parsed = parseSffSource(url.slice(SFF_SCHEME.length + 3));
    } catch {
      continue; // the Source tab shows why
    }
    const state = dataSource.loadState;
    const loaded = state !== undefined && !('error' in state && state.error !== undefined) ? state : undefined;
    const volume = loaded?.dataSource.subsources
      .map((s) => s.subsource.volume)
      .find((v) => v instanceof SffMultiscaleVolumeChunkSource);
    const foldLines = loaded?.subsources.find((s) => s.subsourceEntry.id === FOLD_SUBSOURCE_ID);
    const other = loaded?.dataSource.subsources
      .map((s) => s.subsource.volume)
      .find((v) => v !== undefined && v.volumeType === VolumeType.IMAGE);
    const notRestored =
      volume === undefined && other !== undefined ? DataType[other.dataType].toLowerCase() : undefined;
    return { dataSource, ...parsed, volume, foldLines, ...(notRestored && { notRestored }) };
  }
  return undefined;
}

/** Rewrites the source URL with `options`; Neuroglancer reloads the source and records the state. */
export function setSffOptions(source: SffLayerSource, options: SffOptions): void {
  source.dataSource.spec = { ...source.dataSource.spec, url: makeSffUrl(source.innerUrl, options) };
}

/** Shows or hides the fold lines, as the subsource checkbox of the Source tab does (kept in the state). */
export function setFoldLinesShown(foldLines: LoadedDataSubsource, shown: boolean): void {
  const loaded = foldLines.loadedDataSource;
  foldLines.enabled = shown;
  loaded.enableDefaultSubsources = false;
  loaded.enabledSubsourcesChanged.dispatch();
}
