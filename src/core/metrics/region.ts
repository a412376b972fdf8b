import { type GrayImage, makeGray } from '../image.js';
import { MetricsError } from './errors.js';

/** An axis-aligned rectangle of pixels. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where to score: an explicit rectangle, or the whole image less a border on every side. */
export type RegionSpec = Region | { border: number };

export function resolveRegion(spec: RegionSpec | undefined, width: number, height: number): Region {
  const region =
    spec === undefined
      ? { x: 0, y: 0, width, height }
      : 'border' in spec
        ? { x: spec.border, y: spec.border, width: width - 2 * spec.border, height: height - 2 * spec.border }
        : spec;
  const { x, y } = region;
  if (!(
    Number.isInteger(x) &&
    Number.isInteger(y) &&
    Number.isInteger(region.width) &&
    Number.isInteger(region.height)
  )) {
    throw new MetricsError(`region must have integer bounds, got ${JSON.stringify(region)}`);
  }
  if (
    region.width <= 0 ||
    region.height <= 0 ||
    x < 0 ||
    y < 0 ||
    x + region.width > width ||
    y + region.height > height
  ) {
    throw new MetricsError(`region ${JSON.stringify(region)} is empty or outside the ${width}×${height} image`);
  }
  return region;
}

/** Copies a rectangle out of an image (no bounds check beyond resolveRegion's). */
export function cropGray(image: GrayImage, region: Region): GrayImage {
  const out = makeGray(region.width, region.height);
  for (let y = 0; y < region.height; y++) {
    const start = (region.y + y) * image.width + region.x;
    out.data.set(image.data.subarray(start, start + region.width), y * region.width);
  }
  return out;
}

/** Both images cropped to the same region, after checking they can be compared at all. */
export function pairInRegion(a: GrayImage, b: GrayImage, spec?: RegionSpec): [GrayImage, GrayImage] {
  if (a.width !== b.width || a.height !== b.height) {
    throw new MetricsError(`cannot compare a ${a.width}×${a.height} image with a ${b.width}×${b.height} one`);
  }
  const region = resolveRegion(spec, a.width, a.height);
  if (region.width === a.width && region.height === a.height) return [a, b];
  return [cropGray(a, region), cropGray(b, region)];
}
