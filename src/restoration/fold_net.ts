/**
 * The learned fold detector (models/foldnet.onnx: `image` → `fold` band probability, trained by
 * training/train_detector.py at the simulation's scale, band half-widths 1–20 px) run on a
 * section, its probability map turned into folds by core/detection/learned.ts. A section at a
 * coarser scale than the simulation (`minHalfWidth` well above its 5 px, as the real DOLW7 at
 * ~50 nm/px) is block-averaged to that scale first and the map scaled back.
 */
import { type FoldDetector, handTunedDetector } from '../core/detection/detector.js';
import { blockMean } from '../core/detection/downsample.js';
import { type FoldProbability, detectFromProbability } from '../core/detection/learned.js';
import { DEFAULT_MIN_HALF_WIDTH } from '../core/detection/options.js';
import type { FoldDetection } from '../core/detection/result.js';
import { type GrayImage, makeGray } from '../core/image.js';
import { ModelRunError } from '../inference/errors.js';
import type { ModelRunner } from '../inference/model_runner.js';
import { grayToTensor } from '../inference/region.js';
import { runTiled } from '../inference/tiling.js';
import { DEFAULT_TILES, type TileSettings } from './stages.js';

/** The model file's name (`foldnet.onnx`). */
export const FOLD_MODEL = 'foldnet';
/** Five stride-2 levels (training/sff_train/nets.py, FoldNet). */
const MULTIPLE = 32;

export interface LearnedDetectOptions {
  /** Narrowest fold band, half-width in pixels, as detectFolds' (sets the scale; default 5). */
  minHalfWidth?: number;
  /** Section flag threshold on the 0..1 score (default 0.5). */
  threshold?: number;
  tiles?: TileSettings;
}

/** Block-average factor that brings the section to the scale the net was trained at. */
export function netScaleFactor(minHalfWidth = DEFAULT_MIN_HALF_WIDTH): number {
  return Math.max(1, Math.round(minHalfWidth / DEFAULT_MIN_HALF_WIDTH));
}

function downsample(section: GrayImage, factor: number): GrayImage {
  const coarse = blockMean(section, factor);
  return makeGray(
    coarse.width,
    coarse.height,
    Uint8Array.from(coarse.data, (v) => Math.round(v)),
  );
}

/** The net's band probability per pixel of `section` (nearest-neighbour back from its scale). */
export async function foldProbability(
  runner: ModelRunner,
  section: GrayImage,
  options: LearnedDetectOptions = {},
  signal?: AbortSignal,
): Promise<FoldProbability> {
  const factor = netScaleFactor(options.minHalfWidth);
  const input = factor > 1 ? downsample(section, factor) : section;
  const rect = { x: 0, y: 0, width: input.width, height: input.height };
  const out = await runTiled(
    { image: grayToTensor([input], rect) },
    { ...(options.tiles ?? DEFAULT_TILES), multipleOf: MULTIPLE, signal },
    (t, _tile, s) => runner.run(FOLD_MODEL, t, s),
  );
  const fold = out.fold;
  if (fold === undefined) throw new ModelRunError(FOLD_MODEL, `has no output 'fold'`);
  if (factor === 1) return Float32Array.from(fold.data);
  const full = new Float32Array(section.width * section.height);
  for (let y = 0; y < section.height; y++) {
    const row = Math.min(input.height - 1, Math.floor(y / factor)) * input.width;
    for (let x = 0; x < section.width; x++)
      full[y * section.width + x] = fold.data[row + Math.min(input.width - 1, Math.floor(x / factor))];
  }
  return full;
}

/** detectFolds' result, from the learned detector. */
export async function detectFoldsLearned(
  runner: ModelRunner,
  section: GrayImage,
  options: LearnedDetectOptions = {},
  signal?: AbortSignal,
): Promise<FoldDetection> {
  const probability = await foldProbability(runner, section, options, signal);
  return detectFromProbability(section, probability, {
    threshold: options.threshold,
    minHalfWidth: options.minHalfWidth,
  });
}

/**
 * The learned detection where it flags the section, else the hand-tuned one (`fallback`, default
 * detectFolds): the net's masks are the better ones in every shape family, the hand-tuned detector
 * still catches the few folds the net misses (bench/RESULTS.md, "Learned detector"). The net sees
 * the section alone; the neighbours go to the hand-tuned detector.
 */
export function learnedElseHandTuned(runner: ModelRunner, fallback: FoldDetector = handTunedDetector): FoldDetector {
  return async (section, options, signal) => {
    const { minHalfWidth, threshold } = options;
    const learned = await detectFoldsLearned(runner, section, { minHalfWidth, threshold }, signal);
    return learned.flagged ? learned : fallback(section, options, signal);
  };
}
