/**
 * The curved, branched and partial folds of src/core/simulation (sampleFoldShape's families) as
 * volume fold models: drawn at the section's size, with every fold's slope s redrawn from the
 * large-volume ranges (the families draw s down to 1e-5, whose pull would reach across the whole
 * section) and the pull capped, vertices on a 1/256 grid so a region shifted by whole pixels sees
 * the same distances as the whole section.
 */
import type { GrayImage } from '../../src/core/image.js';
import {
  type CurveFold,
  type FoldShape,
  SHAPE_FAMILIES,
  type ShapeFamily,
  sampleFoldShape,
  simulateShape,
  validateFoldShape,
} from '../../src/core/simulation/index.js';
import type { FoldModel, PixelBox } from './fold_model.js';

type Pt = [number, number];

const quantise = (v: number): number => Math.round(v * 256) / 256;

/** Distance from (x, y) to the segment a–b. */
function segmentDistance(ax: number, ay: number, bx: number, by: number, x: number, y: number): number {
  const vx = bx - ax,
    vy = by - ay;
  const k = Math.min(1, Math.max(0, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - ax - k * vx, y - ay - k * vy);
}

/** Least distance from (x, y) to any fold's centre line. */
function lineDistance(shape: FoldShape, x: number, y: number): number {
  let best = Infinity;
  for (const { line } of shape.folds) {
    for (let i = 0; i + 1 < line.length; i++) {
      best = Math.min(best, segmentDistance(line[i][0], line[i][1], line[i + 1][0], line[i + 1][1], x, y));
    }
  }
  return best;
}

/** The farthest any fold's pull reaches from its centre line, L + (F − L) / s at the widest vertex. */
function shapeReach(shape: FoldShape): number {
  return Math.max(...shape.folds.flatMap((f) => f.L.map((L, i) => L + f.pull[i] / f.s)));
}

/** Centre and half diagonal of a box's pixel centres. */
function boxDisc(box: PixelBox): { cx: number; cy: number; r: number } {
  return {
    cx: (box.x0 + box.x1 - 1) / 2,
    cy: (box.y0 + box.y1 - 1) / 2,
    r: Math.hypot(box.x1 - 1 - box.x0, box.y1 - 1 - box.y0) / 2,
  };
}

/**
 * The fold cut to the vertices from its first to its last segment within its reach of `region`
 * (undefined when none is). Exact for every pixel of the region: one whose nearest curve point
 * was cut off lies beyond the reach and stays unchanged either way. The long lines of a large
 * section would otherwise cost curveField every segment for every tile.
 */
function nearPart(fold: CurveFold, region: PixelBox): CurveFold | undefined {
  const { cx, cy, r } = boxDisc(region);
  const reach = Math.max(...fold.L.map((L, i) => L + fold.pull[i] / fold.s)) + 1;
  const { line } = fold;
  let first = -1;
  let last = -1;
  for (let i = 0; i + 1 < line.length; i++) {
    if (segmentDistance(line[i][0], line[i][1], line[i + 1][0], line[i + 1][1], cx, cy) - r < reach) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return undefined;
  const keep = <T>(v: T[]): T[] => v.slice(first, last + 2);
  return { ...fold, line: keep(line), L: keep(fold.L), pull: keep(fold.pull) };
}

/** Pixels of `box` within `reach` of the shape's lines: boxes the reach clears or covers count whole. */
function areaWithin(shape: FoldShape, reach: number, box: PixelBox): number {
  const { cx, cy, r } = boxDisc(box);
  const d = lineDistance(shape, cx, cy);
  if (d - r >= reach) return 0;
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  if (d + r < reach) return w * h;
  if (w * h === 1) return d < reach ? 1 : 0;
  const [mx, my] = [box.x0 + Math.ceil(w / 2), box.y0 + Math.ceil(h / 2)];
  return [
    { x0: box.x0, y0: box.y0, x1: mx, y1: my },
    { x0: mx, y0: box.y0, x1: box.x1, y1: my },
    { x0: box.x0, y0: my, x1: mx, y1: box.y1 },
    { x0: mx, y0: my, x1: box.x1, y1: box.y1 },
  ]
    .filter((b) => b.x1 > b.x0 && b.y1 > b.y0)
    .reduce((n, b) => n + areaWithin(shape, reach, b), 0);
}

function curveModel(family: ShapeFamily): FoldModel<FoldShape> {
  return {
    name: family,
    draw(rng, width, height, ranges) {
      const drawn = sampleFoldShape(rng, width, height, family);
      return {
        folds: drawn.folds.map((f) => ({
          ...f,
          line: f.line.map(([x, y]): Pt => [quantise(x), quantise(y)]),
          pull: f.pull.map((p) => Math.min(p, ranges.pull[1])),
          s: rng.uniform(ranges.s[0], ranges.s[1]),
        })),
      };
    },
    validate: validateFoldShape,
    reach: shapeReach,
    // Each fold in turn reads its pull (and a bilinear tap) away from what the one before left.
    readMargin: (shape) => shape.folds.reduce((m, f) => m + Math.ceil(Math.max(...f.pull)) + 2, 0),
    touches(shape, box) {
      const { cx, cy, r } = boxDisc(box);
      return lineDistance(shape, cx, cy) - r < shapeReach(shape) + 1;
    },
    degrade(clean: GrayImage, origin, shape) {
      const region = { x0: origin.x, y0: origin.y, x1: origin.x + clean.width, y1: origin.y + clean.height };
      const folds = shape.folds.flatMap((f) => {
        const near = nearPart(f, region);
        return near === undefined
          ? []
          : [{ ...near, line: near.line.map(([x, y]): Pt => [x - origin.x, y - origin.y]) }];
      });
      return folds.length === 0 ? clean : simulateShape(clean, { folds }).degraded;
    },
    influencedArea(shape, width, height) {
      return areaWithin(shape, shapeReach(shape), { x0: 0, y0: 0, x1: width, y1: height });
    },
  };
}

/** Every family but `straight`, which the straight model of docs/fold-model.md already is. */
export const CURVE_MODELS: readonly FoldModel<FoldShape>[] = SHAPE_FAMILIES.filter((f) => f !== 'straight').map(
  curveModel,
);
