/**
 * Restores one fold-damaged section: detection → neighbour pair → unfolding → interpolation →
 * fusion on a region around the fold. Pure TypeScript on a ModelRunner, so the CLI, the
 * evaluation and the Neuroglancer worker run the same code. The ablations of the paper's ladder
 * are the same pipeline with a stage left out.
 */
import { detectFolds, type DetectOptions, type FoldDetection } from '../core/detection/index.js';
import { dilate } from '../core/detection/morphology.js';
import type { GrayImage } from '../core/image.js';
import { throwIfAborted } from '../inference/errors.js';
import type { ModelRunner, TensorData } from '../inference/model_runner.js';
import { grayToTensor, pasteTensor } from '../inference/region.js';
import type { Rect } from '../inference/tensor.js';
import { composeRegion } from './compose.js';
import { pairNeighbours, type NeighbourSet } from './neighbours.js';
import { dilatedPlane, flowReachesEdge, foldRegion, isWhole, wholeSection } from './regions.js';
import { DEFAULT_TILES, fusionStage, interpStage, meanTensor, type TileSettings, unfoldStage } from './stages.js';

/** `full` and the ablations: interp only, fusion without the interp net, fusion without unfolding. */
export const PIPELINE_METHODS = ['interp_net', 'unfold_fusion', 'interp_fusion', 'full'] as const;
export type PipelineMethod = (typeof PIPELINE_METHODS)[number];
export type StageName = 'detect' | 'unfold' | 'interp' | 'fusion';

/** How far past the lost strip the fusion net may change pixels (its `near` mask in training). */
const FUSION_REACH = 8;
/** The band mask fed as "lost" when there is no unfolding (training dilated it by 0–2 px). */
const BAND_DILATION = 2;
/**
 * Growth of the detected band before restoring, when not given: a third of the band's half-width,
 * 4 to 12 px. Real folds have damaged rims (bright and dark edge lines) that the detector's
 * threshold leaves out, wider for wider bands: on the real sample DOLW7_1 (half-width ≈ 28 px)
 * the mask has IoU 0.74 with the manual one, 0.86 grown by 3 px, 0.88 by 6 px, and the rims
 * disappear from the restoration at ~9 px.
 */
export function defaultBandPadding(detection: FoldDetection): number {
  const length = detection.segments.reduce((sum, [x0, y0, x1, y1]) => sum + Math.hypot(x1 - x0, y1 - y0), 0);
  const area = detection.maskFraction * detection.mask.width * detection.mask.height;
  const halfWidth = length > 0 ? area / length / 2 : 0;
  return Math.min(12, Math.max(4, Math.round(halfWidth / 3)));
}

export interface PipelineOptions {
  method?: PipelineMethod;
  tiles?: TileSettings;
  /** For detection when no `detection` is given; the neighbours are added automatically. */
  detect?: Omit<DetectOptions, 'neighbours'>;
  /** Pixels the detected band is grown by before restoring (default: defaultBandPadding). */
  bandPadding?: number;
}

export interface RestorationRequest {
  damaged: GrayImage;
  neighbours: NeighbourSet;
  /** Reuse a detection already made (the worker detects before deciding to restore). */
  detection?: FoldDetection;
}

export interface RestorationResult {
  restored: GrayImage;
  method: PipelineMethod;
  /** Stages that ran, in order. */
  stages: StageName[];
  /** Sections used as z − 1 and z + 1 (as given in the NeighbourSet). */
  neighbours: { prev?: number; next?: number };
  /** Wall milliseconds per stage that ran. */
  ms: Partial<Record<StageName, number>>;
  /** Where pixels may differ from the input; null when nothing was restored. */
  region: Rect | null;
  notes: string[];
}

/** The runner with the wall time of every model run added to `ms` under the model's name. */
function timedRunner(runner: ModelRunner, ms: RestorationResult['ms']): ModelRunner {
  const run: ModelRunner['run'] = (model, inputs, signal) =>
    timed(ms, model as StageName, () => runner.run(model, inputs, signal));
  return {
    get backend() {
      return runner.backend;
    },
    describe: () => runner.describe(),
    modelInfo: (model, signal) => runner.modelInfo(model, signal),
    run,
    dispose: () => runner.dispose(),
  };
}

async function timed<T>(ms: RestorationResult['ms'], stage: StageName, f: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await f();
  ms[stage] = (ms[stage] ?? 0) + performance.now() - start;
  return value;
}

export async function restoreSection(
  request: RestorationRequest,
  runner: ModelRunner,
  options: PipelineOptions = {},
  signal?: AbortSignal,
): Promise<RestorationResult> {
  const method = options.method ?? 'full';
  const tiles = options.tiles ?? DEFAULT_TILES;
  const { damaged } = request;
  throwIfAborted(signal, 'restoration');
  const pair = pairNeighbours(request.neighbours, damaged);
  const result: RestorationResult = {
    restored: damaged,
    method,
    stages: [],
    neighbours: pair.used,
    ms: {},
    region: null,
    notes: pair.note === undefined ? [] : [pair.note],
  };
  const ms = result.ms;
  runner = timedRunner(runner, ms);
  let detection = request.detection;
  if (detection === undefined) {
    detection = await timed(ms, 'detect', () =>
      detectFolds(damaged, { ...options.detect, neighbours: [pair.prev, pair.next] }),
    );
    result.stages.push('detect');
  }
  const band = detection.flagged
    ? grownMask(detection.mask, options.bandPadding ?? defaultBandPadding(detection))
    : detection.mask;
  let region = detection.flagged ? foldRegion(band) : null;
  if (region === null) {
    result.notes.push('no fold detected: section returned unchanged');
    return result;
  }
  throwIfAborted(signal, 'restoration');
  const at = (r: Rect, img: GrayImage): TensorData => grayToTensor([img], r);
  if (method === 'interp_net') {
    const interp = await interpStage(runner, at(region, pair.prev), at(region, pair.next), tiles, signal);
    result.stages.push('interp');
    return { ...result, region, restored: pasteTensor(damaged, region, interp) };
  }
  let unfolded: TensorData, lost: TensorData, flow: TensorData | undefined;
  if (method === 'interp_fusion') {
    unfolded = at(region, damaged);
    const lostPlane = dilatedPlane(at(region, scaled(band)), region.width, region.height, BAND_DILATION);
    lost = { data: Float32Array.from(lostPlane), dims: [1, 1, region.height, region.width] };
  } else {
    const mask = scaled(band);
    const runUnfold = (r: Rect) =>
      unfoldStage(
        runner,
        { degraded: at(r, damaged), mask: at(r, mask), prev: at(r, pair.prev), next: at(r, pair.next) },
        signal,
      );
    let u = await runUnfold(region);
    if (!isWhole(region, damaged) && flowReachesEdge(u.flow, region, damaged)) {
      result.notes.push('the fold pulls tissue beyond the fold region: unfolded the whole section');
      region = wholeSection(damaged);
      u = await runUnfold(region);
    }
    result.stages.push('unfold');
    ({ unfolded, lost, flow } = u);
  }
  const r = region;
  const interp = method === 'unfold_fusion' ? meanTensor(at(r, pair.prev), at(r, pair.next)) : undefined;
  const needed = dilatedPlane(lost, r.width, r.height, FUSION_REACH);
  const fusionInputs = { unfolded, lost, prev: at(r, pair.prev), next: at(r, pair.next), interp };
  const fused = await fusionStage(runner, fusionInputs, needed, tiles, signal);
  if (method !== 'unfold_fusion') result.stages.push('interp');
  result.stages.push('fusion');
  const restored = composeRegion(damaged, r, { unfolded: flow && unfolded, flow, fused, fusedWhere: needed });
  return { ...result, region: r, restored };
}

/** The 0/1 band mask grown by `radius` pixels. */
function grownMask(mask: GrayImage, radius: number): GrayImage {
  if (!(Number.isInteger(radius) && radius >= 0))
    throw new RangeError(`bandPadding must be a non-negative integer, got ${radius}`);
  return radius === 0
    ? mask
    : { width: mask.width, height: mask.height, data: dilate(mask.data, mask.width, mask.height, radius) };
}

/** The detector's 0/1 mask as the 0/255 image grayToTensor expects (→ 0/1 tensor). */
function scaled(mask: GrayImage): GrayImage {
  return { width: mask.width, height: mask.height, data: mask.data.map((v) => (v ? 255 : 0)) };
}
