/**
 * Support-film fold detection on one section: dark bands wide enough to be a fold (coarse
 * candidates), kept when a straight chord through them is dark nearly all across the section,
 * black padding along the frame set aside, centre lines fitted, mask refined at full resolution.
 */
import { type GrayImage, makeGray } from '../image.js';
import { runAtOnce, type Sliced } from '../slices.js';
import { type CoarseMap, findCandidates, smoothingRadius } from './candidates.js';
import { type Component, pixelsOf } from './components.js';
import { curveEvidence } from './curve.js';
import { upsampleMask } from './downsample.js';
import { findPadding } from './frame.js';
import { vertexHalfWidths } from './half_widths.js';
import { dominantLine } from './hough.js';
import { darkInAllNeighbours, neighbourView, type NeighbourView } from './neighbours.js';
import { type DetectOptions, type ResolvedOptions, resolveOptions } from './options.js';
import {
  chord,
  chordSupport,
  fitCentreLine,
  type Line,
  type Point,
  polylineSupport,
  type Support,
} from './polyline.js';
import { refineMask } from './refine.js';
import type { DetectedFold, FoldDetection, Segment } from './result.js';
import { foldScore } from './score.js';
import type { Shape } from './shape.js';

/** Dark pixels near a straight chord, and the wider pool a bent centre line may follow. */
type Evidence = { support: Support; pool: Int32Array };

/** Below this tissue level nothing was imaged (an all-black tile): nothing to detect. */
const MIN_TISSUE = 8;
/** Seeds examined per section, largest first: folds are among the largest dark components. */
const MAX_SEEDS = 8;
/** A seed must itself be this elongated (length / width) to start a line. */
const SEED_ELONGATION = 3;
/**
 * A seed touching two borders needs less: a band cutting a corner is clipped to a triangle whose
 * width (measured from its one inner edge) is overestimated. Running from border to border is a
 * fold's signature; the line's coverage and band width are checked by the score all the same.
 */
const CORNER_SEED_ELONGATION = 2;
/**
 * A component shorter than this share of the section's side is not worth a Hough transform: a
 * membrane that skews its axis would leave too short a fold to matter.
 */
const HOUGH_MIN_LENGTH = 0.1;
/**
 * Below this scale (px) bends are not followed: at 1–3 px membranes are as dark and as thin as a
 * fold band, and their network holds long smooth dark paths (19 of 20 clean Gerhard sections were
 * flagged at minHalfWidth 1); only chords across the section count there.
 */
const MIN_CURVE_HALF_WIDTH = 3;
/** Folds looked for in one component (crossing and branching folds merge into one). */
const MAX_LINES_PER_SEED = 3;

interface Fold {
  score: number;
  pixels: Int32Array;
  line: Point[];
  /** Band half-width, coarse pixels. */
  halfWidth: number;
}

function emptyResult(section: GrayImage, score = 0): FoldDetection {
  return {
    flagged: false,
    score,
    mask: makeGray(section.width, section.height),
    maskFraction: 0,
    segments: [],
    folds: [],
  };
}

/** Coarse pixel centre → full-resolution coordinates, inside the image. */
function toFull(p: Point, factor: number, width: number, height: number): Point {
  const c = (v: number, hi: number): number => Math.min(hi, Math.max(0, (v + 0.5) * factor - 0.5));
  return [c(p[0], width - 1), c(p[1], height - 1)];
}

export function detectFolds(section: GrayImage, options?: DetectOptions): FoldDetection {
  return runAtOnce(detectFoldsSliced(section, options));
}

/** detectFolds as steps that may pause (core/slices.ts): the chunk worker runs it in slices. */
export function* detectFoldsSliced(section: GrayImage, options?: DetectOptions): Sliced<FoldDetection> {
  const o = resolveOptions(section, options);
  const coarseHalfWidth = o.minHalfWidth / o.factor;
  // Smaller than a band and its surroundings: there is no room for a fold to be told apart.
  if (Math.min(section.width, section.height) < 4 * o.minHalfWidth) return emptyResult(section);
  const cm = yield* findCandidates(section, o);
  if (cm.tissue < MIN_TISSUE) return emptyResult(section);
  const { width: cw, height: ch } = cm.coarse;

  const views: NeighbourView[] = o.neighbours.map((n) => neighbourView(n, o.factor, smoothingRadius(o)));
  // The smoothing, edge-replicated at the border, deepens a dark region there by up to its radius.
  const padding = findPadding(cm, views, coarseHalfWidth + smoothingRadius(o));
  yield;
  const dark = padding.size ? cm.darkPixels.filter((i) => !padding.has(cm.labels[i])) : cm.darkPixels;
  const seeds = cm.candidates
    .filter((c) => !padding.has(c.component.label) && c.shape.elongation >= seedElongation(c.component))
    .filter((c) => c.shape.halfWidth >= coarseHalfWidth)
    .sort((a, b) => b.component.area - a.component.area)
    .slice(0, MAX_SEEDS);

  const members = pixelsOf(dark, cm.labels, new Set(seeds.map((c) => c.component.label)));
  const claimed = new Uint8Array(cw * ch);
  const folds: Fold[] = [];
  let best = 0;
  for (const seed of seeds) {
    // Crossing or branching folds merge into one component: after each fold found in it, look
    // again at what it left unclaimed.
    let axis: Shape | undefined = seed.shape;
    for (let line = 0; line < MAX_LINES_PER_SEED; line++) {
      const free = members.get(seed.component.label)!.filter((i) => !claimed[i]);
      if (free.length * (line === 0 ? 2 : 4) < seed.component.area) break;
      const fold = findFold(axis, seed.shape.halfWidth, free, dark, cm, o);
      yield;
      if (fold.score < o.threshold || fold.line.length < 2) {
        best = Math.max(best, fold.score);
        break;
      }
      for (const i of fold.pixels) claimed[i] = 1;
      axis = undefined;
      if (darkInAllNeighbours(fold.pixels, views)) continue;
      best = Math.max(best, fold.score);
      folds.push(fold);
    }
  }
  yield;
  const result = folds.length ? foldResult(section, cm, o, folds, best) : emptyResult(section, best);
  if (padding.size) result.paddingMask = paddingMask(section, cm, o, padding);
  return result;
}

/**
 * The fold through the seed's free pixels: along a straight chord across the section when one is
 * covered (then bent to follow the band), else along the band's own centre curve (curve.ts).
 */
function findFold(
  axis: Shape | undefined,
  halfWidth: number,
  free: Int32Array,
  dark: Int32Array,
  cm: CoarseMap,
  o: ResolvedOptions,
): Fold {
  const { width: cw, height: ch } = cm.coarse;
  const straight = bestLine(axis, halfWidth, free, dark, cw, ch);
  if (straight.score >= o.threshold) return { score: straight.score, ...followBand(straight.evidence, cw) };
  if (o.minHalfWidth < MIN_CURVE_HALF_WIDTH)
    return { score: straight.score, pixels: new Int32Array(0), line: [], halfWidth };
  const curve = curveEvidence(free, cw, ch, halfWidth, o.minHalfWidth / o.factor, (i) => cm.coarse.data[i] / cm.tissue);
  if (curve.score <= straight.score) return { score: straight.score, pixels: new Int32Array(0), line: [], halfWidth };
  // The geodesic path hugs the inner edge of a bend: centre it on the band as a straight one is.
  return { score: curve.score, ...followBand({ support: curve.support, pool: free }, cw) };
}

/**
 * A straight line through the seed's pixels and its evidence: the principal axis first when given;
 * when that scores low on a long component, the band probably merged with a membrane that skews
 * the axis, and the Hough line of the pixels is tried as well.
 */
function bestLine(
  axis: Shape | undefined,
  halfWidth: number,
  members: Int32Array,
  dark: Int32Array,
  cw: number,
  ch: number,
): { score: number; evidence: Evidence } {
  const side = Math.min(cw, ch);
  const rate = (e: Evidence): number => foldScore(e.support.coverage, e.support.length, e.support.halfWidth, side);
  let first: { score: number; evidence: Evidence } | undefined;
  if (axis) {
    const evidence = lineEvidence(dark, cw, ch, axis, halfWidth);
    first = { score: rate(evidence), evidence };
    if (first.score >= 1 || axis.length < HOUGH_MIN_LENGTH * side) return first;
  }
  const hough = lineEvidence(dark, cw, ch, dominantLine(members, cw, ch, halfWidth), halfWidth);
  const houghScore = rate(hough);
  return first && first.score >= houghScore ? first : { score: houghScore, evidence: hough };
}

/** Follows the band where it bends: centre line refitted to the evidence, pixels collected again. */
function followBand({ support, pool }: Evidence, cw: number): Omit<Fold, 'score'> {
  // Centroids over stretches of a few band widths are steady (but a short band still gets three
  // stretches); a bend of half the band width starts a new segment.
  const step = Math.max(1, Math.min(6 * support.halfWidth, (support.coverage * support.length) / 3));
  const tolerance = Math.max(1, support.halfWidth / 2);
  const bent = polylineSupport(pool, cw, fitCentreLine(support, cw, step, tolerance), support.halfWidth + 1.5);
  return { pixels: bent.pixels, line: fitCentreLine(bent, cw, step, tolerance), halfWidth: bent.halfWidth };
}

/**
 * Dark pixels along the whole chord of a straight line through the image, and a pool twice as
 * wide in which a bent fold's centre line is followed.
 */
function lineEvidence(dark: Int32Array, cw: number, ch: number, line: Line, halfWidth: number): Evidence {
  const tolerance = 1.5 * halfWidth + 1;
  return chordSupport(dark, cw, chord(line, cw, ch), tolerance, 2 * tolerance);
}

function seedElongation(c: Component): number {
  const touched = c.border.filter((n) => n > 0).length;
  return touched >= 2 ? CORNER_SEED_ELONGATION : SEED_ELONGATION;
}

function foldResult(
  section: GrayImage,
  cm: CoarseMap,
  o: ResolvedOptions,
  folds: Fold[],
  score: number,
): FoldDetection {
  const { width: cw, height: ch } = cm.coarse;
  const coarsePixels =
    folds.length === 1 ? folds[0].pixels : Int32Array.from(folds.flatMap((f) => Array.from(f.pixels)));
  const data = refineMask({
    section,
    coarsePixels,
    lines: folds,
    coarseWidth: cw,
    coarseHeight: ch,
    factor: o.factor,
    tissue: cm.tissue,
    minHalfWidth: o.minHalfWidth,
  });
  let n = 0;
  for (let i = 0; i < data.length; i++) n += data[i];
  const mask = makeGray(section.width, section.height, data);
  const detected: DetectedFold[] = folds.map((f) => {
    const line = f.line.map((p) => toFull(p, o.factor, section.width, section.height));
    return { line, halfWidths: vertexHalfWidths(mask, line, f.halfWidth * o.factor), score: f.score };
  });
  const segments: Segment[] = detected.flatMap(({ line }) =>
    line.slice(1).map((b, s): Segment => [line[s][0], line[s][1], b[0], b[1]]),
  );
  return {
    flagged: true,
    score,
    mask,
    maskFraction: n / data.length,
    segments,
    folds: detected,
  };
}

function paddingMask(section: GrayImage, cm: CoarseMap, o: ResolvedOptions, labels: Set<number>): GrayImage {
  const { width: cw } = cm.coarse;
  const coarse = new Uint8Array(cm.labels.length);
  for (let i = 0; i < coarse.length; i++) coarse[i] = labels.has(cm.labels[i]) ? 1 : 0;
  return makeGray(section.width, section.height, upsampleMask(coarse, cw, o.factor, section.width, section.height));
}
