/**
 * Neuroglancer state pieces for comparing a volume raw and through `sff://`: two xy panels in a
 * row, each showing one layer, sharing the viewer's position (linked navigation). Pure JSON, used
 * by the layer panel's "side by side" action and by the demo's state.
 */

/** A row of two xy panels, `left` and `right` each alone in its panel. */
export function sideBySideLayout(left: string, right: string): object {
  return {
    type: 'row',
    children: [
      { type: 'viewer', layout: 'xy', layers: [left] },
      { type: 'viewer', layout: 'xy', layers: [right] },
    ],
  };
}

/** Name of the raw companion layer of sff:// layer `name`. */
export function rawLayerName(name: string): string {
  return `${name} (raw)`;
}
