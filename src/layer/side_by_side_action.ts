/**
 * The layer panel's "raw | restored" action: adds a raw layer of the wrapped source (once) and
 * puts it left of the sff:// layer in a row of two linked xy panels. A layer cannot reach the
 * viewer's layout by itself, so the viewer entry binds the viewer here (src/viewer/main.ts).
 */
import { makeLayer, type TopLevelLayerListSpecification } from 'neuroglancer/unstable/layer/index.js';
import type { RootLayoutContainer } from 'neuroglancer/unstable/layer_groups_layout.js';
import { rawLayerName, sideBySideLayout } from './side_by_side.js';

/** What the action needs of a Neuroglancer Viewer. */
export interface SideBySideHost {
  layerSpecification: TopLevelLayerListSpecification;
  layout: RootLayoutContainer;
}

let host: SideBySideHost | undefined;

/** Call once with the viewer to enable the action (without it the button is not offered). */
export function bindViewer(viewer: SideBySideHost): void {
  host = viewer;
}

export function canShowSideBySide(): boolean {
  return host !== undefined;
}

/** Shows `innerUrl` raw beside the sff:// layer `name`, reusing a layer that already shows it raw. */
export function showSideBySide(name: string, innerUrl: string): void {
  if (host === undefined) return;
  const layers = host.layerSpecification;
  const existing = layers.layerManager.managedLayers.find((l) => l.layer?.dataSources[0]?.spec.url === innerUrl);
  let rawName = existing?.name;
  if (rawName === undefined) {
    rawName = rawLayerName(name);
    layers.add(makeLayer(layers, rawName, { type: 'image', source: innerUrl }));
  }
  host.layout.restoreState(sideBySideLayout(rawName, name));
}
