/** Connected components (8-connectivity) of a binary mask, with the sums shape analysis needs. */
import { forEachNeighbour8 } from './grid.js';

export interface Component {
  /** Label in the label image (1-based). */
  label: number;
  area: number;
  /** Sums over the component's pixels: coordinates, second moments, distance to its edge. */
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
  sumDistance: number;
  /** Bounding box, inclusive. */
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  /** Pixels on each image border: top, right, bottom, left. */
  border: [number, number, number, number];
}

export interface Labelling {
  labels: Int32Array;
  components: Component[];
}

/** Labels the mask's components and accumulates `distance` (a width measure) per component. */
export function labelComponents(mask: Uint8Array, w: number, h: number, distance: Float32Array): Labelling {
  const labels = new Int32Array(w * h);
  const components: Component[] = [];
  const stack = new Int32Array(w * h);
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const c: Component = {
      label: components.length + 1,
      area: 0,
      sx: 0,
      sy: 0,
      sxx: 0,
      syy: 0,
      sxy: 0,
      sumDistance: 0,
      minX: w,
      maxX: 0,
      minY: h,
      maxY: 0,
      border: [0, 0, 0, 0],
    };
    let top = 0;
    stack[top++] = start;
    labels[start] = c.label;
    while (top > 0) {
      const i = stack[--top];
      const x = i % w,
        y = (i - x) / w;
      c.area++;
      c.sx += x;
      c.sy += y;
      c.sxx += x * x;
      c.syy += y * y;
      c.sxy += x * y;
      c.sumDistance += distance[i];
      if (x < c.minX) c.minX = x;
      if (x > c.maxX) c.maxX = x;
      if (y < c.minY) c.minY = y;
      if (y > c.maxY) c.maxY = y;
      if (y === 0) c.border[0]++;
      if (x === w - 1) c.border[1]++;
      if (y === h - 1) c.border[2]++;
      if (x === 0) c.border[3]++;
      forEachNeighbour8(i, w, h, (j) => {
        if (mask[j] && !labels[j]) {
          labels[j] = c.label;
          stack[top++] = j;
        }
      });
    }
    components.push(c);
  }
  return { labels, components };
}

/** Pixel lists of the wanted labels, in one pass over the dark pixels. */
export function pixelsOf(dark: Int32Array, labels: Int32Array, wanted: Set<number>): Map<number, Int32Array> {
  const lists = new Map<number, number[]>();
  for (const l of wanted) lists.set(l, []);
  for (const i of dark) lists.get(labels[i])?.push(i);
  return new Map([...lists].map(([l, list]) => [l, Int32Array.from(list)]));
}
