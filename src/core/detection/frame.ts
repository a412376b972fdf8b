/**
 * Which dark components along the image frame are black padding (set aside) rather than fold
 * bands. In one section a flat black region along the frame is padding; with neighbours it is a
 * black fold band lying along that border when no neighbour is dark there and it is band-deep.
 */
import type { CoarseMap } from './candidates.js';
import { pixelsOf } from './components.js';
import { type NeighbourView, paddingInSomeNeighbour } from './neighbours.js';
import { alongFrame, deepAlongBorder, isPadding } from './padding.js';

/** `bandDepth`: the narrowest band's depth from the border in coarse pixels of the dark mask. */
export function findPadding(cm: CoarseMap, views: readonly NeighbourView[], bandDepth: number): Set<number> {
  const framed = cm.candidates.filter((c) => alongFrame(c.component)).map((c) => c.component);
  const lists = pixelsOf(cm.darkPixels, cm.labels, new Set(framed.map((c) => c.label)));
  const values = (pixels: Int32Array): Float32Array => Float32Array.from(pixels, (i) => cm.coarse.data[i]);
  const padding = framed.filter((c) => {
    const pixels = lists.get(c.label)!;
    if (!isPadding(c, values(pixels), cm.tissue)) return false;
    if (views.length === 0 || paddingInSomeNeighbour(pixels, views)) return true;
    return !deepAlongBorder(c, cm.labels, cm.dark, cm.coarse.width, cm.coarse.height, bandDepth);
  });
  return new Set(padding.map((c) => c.label));
}
