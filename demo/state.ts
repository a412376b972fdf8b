/**
 * The demo's Neuroglancer state: the degraded volume as served (`raw`) beside the same volume
 * through the plugin (`restored`), in two linked xy panels, on a fold section.
 */

import { sideBySideLayout } from '../src/layer/side_by_side.js';

/** Section 14 carries a simulated fold that crosses the whole width (see demo/prepare.ts). */
export const DEMO_SECTION = 14;
const SIZE = 1024;

export function demoState(baseUrl: string): object {
  const base = baseUrl.replace(/\/+$/, '');
  const volume = `precomputed://${base}/data/gerhard`;
  return {
    dimensions: { x: [4.6e-9, 'm'], y: [4.6e-9, 'm'], z: [5e-8, 'm'] },
    // Voxel centres sit at +0.5: this is the middle of the section, on section DEMO_SECTION.
    position: [SIZE / 2, SIZE / 2, DEMO_SECTION + 0.5],
    // Voxels per screen pixel: 1.2 fits the whole 1024² section in the ~900 px panels of a
    // full-HD window while Neuroglancer still draws the full-resolution scale.
    crossSectionScale: 1.2,
    projectionScale: 2048,
    layers: [
      { type: 'image', source: volume, name: 'raw' },
      { type: 'image', source: `sff://${volume}`, name: 'restored' },
    ],
    layout: sideBySideLayout('raw', 'restored'),
    showAxisLines: false,
    showScaleBar: true,
    showDefaultAnnotations: false,
  };
}

/** `<base>/#!<url-encoded JSON>`: the link that opens the demo in the served viewer. */
export function demoLink(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/#!${encodeURIComponent(JSON.stringify(demoState(base)))}`;
}
