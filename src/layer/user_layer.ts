/**
 * Neuroglancer's image layer with what an sff:// source adds: the "Folds" side-panel tab (shown
 * only while the layer has an sff:// source) and the detected folds drawn as this layer's own
 * annotations (not the hidden "default annotations" a data source's bounding box uses).
 * Registered under the stock "image" type, so states and links are unchanged.
 */
import { ImageUserLayer } from 'neuroglancer/unstable/layer/image/index.js';
import {
  type ManagedUserLayer,
  registerLayerType,
  registerVolumeLayerType,
} from 'neuroglancer/unstable/layer/index.js';
import type { LoadedDataSubsource } from 'neuroglancer/unstable/layer/layer_data_source.js';
import { RenderLayerRole } from 'neuroglancer/unstable/renderlayer.js';
import { VolumeType } from 'neuroglancer/unstable/sliceview/volume/base.js';
import { WatchableValue } from 'neuroglancer/unstable/trackable_value.js';
import { FOLD_SUBSOURCE_ID } from '../datasource/sff/fold_annotations.js';
import { FoldTab } from './fold_tab.js';
import { sffLayerSource } from './sff_layer_source.js';

export class SffImageUserLayer extends ImageUserLayer {
  private readonly withoutSff = new WatchableValue(true);

  constructor(managedLayer: ManagedUserLayer) {
    super(managedLayer);
    this.tabs.add('sff', { label: 'Folds', order: -90, getter: () => new FoldTab(this), hidden: this.withoutSff });
    this.registerDisposer(
      this.dataSourcesChanged.add(() => (this.withoutSff.value = sffLayerSource(this) === undefined)),
    );
  }

  override activateDataSubsources(subsources: Iterable<LoadedDataSubsource>): void {
    const others: LoadedDataSubsource[] = [];
    for (const loaded of subsources) {
      const { id, subsource } = loaded.subsourceEntry;
      const folds = subsource.staticAnnotations;
      if (id !== FOLD_SUBSOURCE_ID || folds === undefined || sffLayerSource(this) === undefined) {
        others.push(loaded);
        continue;
      }
      loaded.activate(() => this.addLocalAnnotations(loaded, folds, RenderLayerRole.ANNOTATION));
    }
    super.activateDataSubsources(others);
  }
}

/** Makes new and restored image layers SffImageUserLayers. */
export function registerSffImageLayer(): void {
  registerLayerType(SffImageUserLayer, ImageUserLayer.type);
  registerVolumeLayerType(VolumeType.IMAGE, SffImageUserLayer);
}
