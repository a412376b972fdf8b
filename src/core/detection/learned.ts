/**
 * Fold detection from the learned detector's probability map (models/foldnet.onnx, run by the
 * caller: src/restoration/fold_net.ts): the band mask is where the net says fold (p ≥ ½); its
 * parts, on a 4× coarser grid, are folds when they are long enough; each part's centre curves are
 * geodesic diameters as in the hand-tuned detector's curve evidence (geodesic.ts), the half-widths
 * are read off the mask (half_widths.ts). Pure and synchronous, like detectFolds.
 */
import { type GrayImage, makeGray } from '../image.js';
import { resample } from '../simulation/curve_paths.js';
import { ramp } from '../stats.js';
import { labelComponents } from './components.js';
import { geodesicDiameter, largestPart, smoothPath } from './geodesic.js';
import { vertexHalfWidths } from './half_widths.js';
import { DEFAULT_MIN_HALF_WIDTH } from './options.js';
import { fitCentreLine, type Point, polylineSupport, simplify } from './polyline.js';
import type { DetectedFold, FoldDetection, Segment } from './result.js';
import { skeletonChains } from './skeleton.js';

/** The net's probability of "band" per full-resolution pixel, row-major, the section's size. */
export type FoldProbability = Float32Array;

/** Coarse grid for the shape analysis: the net itself predicts on 4 × 4 blocks. */
const GRID = 4;
/** A grid cell is band when this many of its pixels are (a 1-px-wide band crosses a cell in 4). */
const CELL_PIXELS = 2;
/**
 * Centre-curve length / the section's shorter side: below LOW a stretch of membrane the net
 * half-believed (seen: up to 0.06), above HIGH a fold (a fold ending inside the tissue still runs
 * over a quarter of the side; docs/fold-model.md, "Shape families").
 */
const REACH_LOW = 0.1;
const REACH_HIGH = 0.2;
/** Length / width: a blob below LOW, a band above HIGH. */
const ELONGATION_LOW = 3;
const ELONGATION_HIGH = 6;
/** Mean half-width / minHalfWidth: below LOW too narrow for the scale, above HIGH wide enough. */
const NARROW_LOW = 0.4;
const NARROW_HIGH = 0.6;
/** Folds looked for in one part (crossing and branching folds merge into one). */
const MAX_LINES_PER_PART = 4;
/** Arms continue through a junction when at most ~40° from straight on (cosine of the turn). */
const STRAIGHT = 0.75;
/**
 * Two junctions crossed as one (skeleton.ts crossingBridges): each pair at most ~60° from straight.
 * The arms' directions are read past where the bands part, so a shallow crossing's pairs bend more
 * than a plain crossing's (dev multi: 0.6–0.73 for true pairs).
 */
const CROSSING = 0.5;
/** Default flag threshold on the score, as detectFolds'. */
const THRESHOLD = 0.5;

export interface LearnedOptions {
  /** Section flag threshold on the 0..1 score (default 0.5). */
  threshold?: number;
  /**
   * Narrowest band to find, half-width in pixels (default 5, as detectFolds'): a part of the mask
   * narrower than half of it on average is not a fold at this scale. The net, trained on thin folds
   * too, half-believes stretches of dark membrane (2–4 px wide) that a fold of ≥ 5 px never is.
   */
  minHalfWidth?: number;
}

interface Part {
  cells: Int32Array;
  score: number;
  lines: { line: Point[]; halfWidth: number }[];
}

function pathLength(path: Int32Array, w: number): number {
  let length = 0;
  for (let k = 1; k < path.length; k++) {
    const a = path[k - 1],
      b = path[k];
    length += a % w !== b % w && Math.floor(a / w) !== Math.floor(b / w) ? Math.SQRT2 : 1;
  }
  return length;
}

/** The smooth centre polyline of one path through a part (grid pixels), on the pixels along it. */
function centreLine(part: Int32Array, path: Int32Array, w: number, halfWidth: number): Point[] {
  const rough = simplify(smoothPath(path, w, 2 * halfWidth + 1, Math.max(1, halfWidth)), Math.max(0.5, halfWidth / 2));
  // The grid walk hugs one edge of the band: centre the line on the pixels along it.
  const support = polylineSupport(part, w, rough, 2 * halfWidth + 1.5);
  const step = Math.max(2, Math.min(6 * halfWidth, support.length / 3));
  return fitCentreLine(support, w, step, Math.max(0.5, halfWidth / 2));
}

/**
 * Centre curves of one part: the chains of its skeleton (skeleton.ts: arms paired through
 * junctions by straightness), longest first, while long enough to be a fold — an arm that stops at
 * a junction (a Y's branch) may be shorter than a fold of its own.
 */
function centreLines(
  cells: Int32Array,
  w: number,
  h: number,
  side: number,
  halfWidth: number,
): { line: Point[]; halfWidth: number }[] {
  const part = largestPart(cells, w, h);
  const chains = skeletonChains(part, w, h, {
    spur: 2 * halfWidth + 3,
    merge: 4 * halfWidth + 3,
    reach: Math.max(4, Math.round(4 * halfWidth + 2)),
    straight: STRAIGHT,
    crossing: CROSSING,
  })
    .map((c) => ({ ...c, length: pathLength(c.path, w) }))
    .sort((a, b) => b.length - a.length);
  if (chains.length === 0) return [{ line: centreLine(part, geodesicDiameter(part, w, h), w, halfWidth), halfWidth }];
  return chains
    .filter((c, k) => k === 0 || c.length / side >= (c.atJunction ? REACH_LOW : REACH_HIGH))
    .slice(0, MAX_LINES_PER_PART)
    .map((c) => ({ line: centreLine(part, c.path, w, halfWidth), halfWidth }));
}

/** Where the segment from q (inside) toward p leaves the image: p itself when it is inside. */
function clipToward(q: Point, p: Point, width: number, height: number): [number, number] {
  let t = 1;
  const limit = (from: number, to: number, hi: number): void => {
    if (to < 0) t = Math.min(t, from / (from - to));
    if (to > hi) t = Math.min(t, (hi - from) / (to - from));
  };
  limit(q[0], p[0], width - 1);
  limit(q[1], p[1], height - 1);
  const c = (v: number, hi: number): number => Math.min(hi, Math.max(0, v));
  return [c(q[0] + t * (p[0] - q[0]), width - 1), c(q[1] + t * (p[1] - q[1]), height - 1)];
}

/**
 * The polyline kept inside the image: the line's ends were moved out by half a stretch and can
 * cross the border; they are brought back along their segment (clamping would bend the line).
 */
function insideImage(line: [number, number][], width: number, height: number): [number, number][] {
  if (line.length < 2) return line;
  const n = line.length;
  const first = clipToward(line[1], line[0], width, height);
  const last = clipToward(line[n - 2], line[n - 1], width, height);
  return [first, ...line.slice(1, -1), last];
}

export function detectFromProbability(
  section: GrayImage,
  probability: FoldProbability,
  options: LearnedOptions = {},
): FoldDetection {
  const { width, height } = section;
  const threshold = options.threshold ?? THRESHOLD;
  const minHalfWidth = options.minHalfWidth ?? DEFAULT_MIN_HALF_WIDTH;
  const w = Math.ceil(width / GRID),
    h = Math.ceil(height / GRID);
  const band = new Uint8Array(width * height);
  const count = new Uint8Array(w * h);
  const sum = new Float64Array(w * h);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (probability[i] < 0.5) continue;
      band[i] = 1;
      const c = Math.floor(y / GRID) * w + Math.floor(x / GRID);
      count[c]++;
      sum[c] += probability[i];
    }
  }
  const cellMask = Uint8Array.from(count, (n) => (n >= CELL_PIXELS ? 1 : 0));
  // Shape sums are not needed here: no distance map.
  const { labels, components } = labelComponents(cellMask, w, h, new Float32Array(w * h));
  const side = Math.min(w, h);
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++)
    if (labels[i]) (byLabel.get(labels[i]) ?? byLabel.set(labels[i], []).get(labels[i])!).push(i);
  const parts: Part[] = [];
  let best = 0;
  for (const c of components) {
    const cells = Int32Array.from(byLabel.get(c.label)!);
    const path = geodesicDiameter(cells, w, h);
    let p = 0,
      n = 0;
    for (const i of cells) {
      p += sum[i];
      n += count[i];
    }
    const length = pathLength(path, w);
    const halfWidth = n / Math.max(1, length * GRID) / 2;
    const score =
      (p / n) *
      ramp(length / side, REACH_LOW, REACH_HIGH) *
      ramp((length * length) / cells.length, ELONGATION_LOW, ELONGATION_HIGH) *
      ramp(halfWidth / minHalfWidth, NARROW_LOW, NARROW_HIGH);
    best = Math.max(best, score);
    if (score >= threshold)
      parts.push({
        cells,
        score,
        lines: centreLines(cells, w, h, side, Math.max(0.5, cells.length / Math.max(1, length) / 2)),
      });
  }
  const keep = new Uint8Array(w * h);
  for (const part of parts) for (const i of part.cells) keep[i] = 1;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (band[i] && !keep[Math.floor(y / GRID) * w + Math.floor(x / GRID)]) band[i] = 0;
      n += band[i];
    }
  }
  const mask = makeGray(width, height, band);
  const toFull = ([x, y]: Point): [number, number] => [(x + 0.5) * GRID - 0.5, (y + 0.5) * GRID - 0.5];
  const folds: DetectedFold[] = parts.flatMap((part) =>
    part.lines.map(({ line, halfWidth }) => {
      const full = insideImage(line.map(toFull), width, height);
      return { line: full, halfWidths: vertexHalfWidths(mask, full, halfWidth * GRID), score: part.score };
    }),
  );
  const segments: Segment[] = folds.flatMap(({ line }) =>
    line.slice(1).map((b, s): Segment => [line[s][0], line[s][1], b[0], b[1]]),
  );
  return { flagged: folds.length > 0, score: best, mask, maskFraction: n / band.length, segments, folds };
}

/**
 * The hand-tuned detection (flag, score, folds) completed by the learned mask: the net's band
 * pixels connected to the hand-tuned mask are added (arms of a Y, a crossing fold, the tapering end
 * of a fold that the hand-tuned geometry stopped short of), with the net's centre lines of what
 * was added. A section the hand-tuned detector does not flag is left as it is, so clean sections
 * are flagged exactly as often as by the hand-tuned detector.
 */
export function combineDetections(
  section: GrayImage,
  hand: FoldDetection,
  probability: FoldProbability,
  options: LearnedOptions = {},
): FoldDetection {
  if (!hand.flagged) return hand;
  const learned = detectFromProbability(section, probability, { ...options, threshold: 0 });
  const { width, height } = section;
  const union = new Uint8Array(width * height);
  for (let i = 0; i < union.length; i++) union[i] = hand.mask.data[i] || learned.mask.data[i] ? 1 : 0;
  // Flood from the hand-tuned mask over the union: the net's parts that touch it.
  const kept = new Uint8Array(width * height);
  const stack: number[] = [];
  for (let i = 0; i < union.length; i++) {
    if (hand.mask.data[i]) {
      kept[i] = 1;
      stack.push(i);
    }
  }
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % width,
      y = (i - x) / width;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx,
          yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
        const j = yy * width + xx;
        if (union[j] && !kept[j]) {
          kept[j] = 1;
          stack.push(j);
        }
      }
    }
  }
  let n = 0;
  for (let i = 0; i < kept.length; i++) n += kept[i];
  const at = ([x, y]: [number, number]): number => Math.round(y) * width + Math.round(x);
  // A learned centre line is new when most of its length lies outside the hand-tuned band (its
  // vertices alone would not tell: a straight arm has two, one of them on the band it leaves).
  const added = learned.folds.filter((f) => {
    const along = resample(f.line, 2);
    const outside = along.filter((p) => kept[at(p)] && !hand.mask.data[at(p)]).length;
    return outside > along.length / 2;
  });
  const folds = [...hand.folds, ...added.map((f) => ({ ...f, score: hand.score }))];
  const segments: Segment[] = folds.flatMap(({ line }) =>
    line.slice(1).map((b, s): Segment => [line[s][0], line[s][1], b[0], b[1]]),
  );
  return { ...hand, mask: makeGray(width, height, kept), maskFraction: n / kept.length, folds, segments };
}
