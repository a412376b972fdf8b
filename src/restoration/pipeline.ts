/**
 * Restores one fold-damaged section held in memory: detection → neighbour pair → fold geometry
 * (centre lines, band widths, pull) → the block restoration over the whole section. Pure
 * TypeScript on a ModelRunner, so the CLI, the evaluation and the Neuroglancer worker run the
 * same code; large volumes run the same block restoration block by block instead. The ablations
 * of the paper's ladder are the same pipeline with a stage left out.
 */
import {
  type DetectOptions,
  type FoldDetection,
  type FoldDetector,
  handTunedDetector,
} from '../core/detection/index.js';
import { estimateGeometry } from '../core/geometry/estimate.js';
import type { SectionGeometry } from '../core/geometry/fold_geometry.js';
import type { GrayImage } from '../core/image.js';
import { throwIfAborted } from '../inference/errors.js';
import type { ModelRunner, TensorData } from '../inference/model_runner.js';
import { grayToTensor, pasteTensor } from '../inference/region.js';
import type { Rect } from '../inference/tensor.js';
import { restoreBlock } from './block_restore.js';
import { pairNeighbours, type NeighbourSet } from './neighbours.js';
import type { PipelineMethod } from './pipeline_method.js';
import { meanSection, readFromSections } from './section_read.js';
import { DEFAULT_TILES, interpStage, type TileSettings } from './stages.js';

export { PIPELINE_METHODS, type PipelineMethod } from './pipeline_method.js';
export type StageName = 'detect' | 'unfold' | 'interp' | 'fusion';

export interface PipelineOptions {
  method?: PipelineMethod;
  tiles?: TileSettings;
  /** For detection when no `detection` is given; the neighbours are added automatically. */
  detect?: Omit<DetectOptions, 'neighbours'>;
  /** Runs the detection when no `detection` is given (default: the hand-tuned detectFolds). */
  detector?: FoldDetector;
  /** Damaged rims lost beside the detected band, pixels (default: core/geometry defaultPadding). */
  bandPadding?: number;
}

export interface RestorationRequest {
  damaged: GrayImage;
  neighbours: NeighbourSet;
  /** Reuse a detection already made (the worker detects before deciding to restore). */
  detection?: FoldDetection;
  /** Reuse a geometry already estimated (or read from a fold catalogue), in this section's pixels. */
  geometry?: SectionGeometry;
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
  /** The fold geometry restored from (this section's pixels), when a fold was restored. */
  geometry?: SectionGeometry;
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
    const detector = options.detector ?? handTunedDetector;
    detection = await timed(ms, 'detect', () =>
      detector(damaged, { ...options.detect, neighbours: [pair.prev, pair.next] }, signal),
    );
    result.stages.push('detect');
  }
  if (detection.flagged && detection.folds.length === 0 && method === 'interp_net' && request.geometry === undefined) {
    // A band without a line (a forced section): the interpolation of its neighbours, everywhere.
    const all = { x: 0, y: 0, width: damaged.width, height: damaged.height };
    const at = (img: GrayImage): TensorData => grayToTensor([img], all);
    const interp = await interpStage(runner, at(pair.prev), at(pair.next), options.tiles ?? DEFAULT_TILES, signal);
    result.stages.push('interp');
    return { ...result, region: all, restored: pasteTensor(damaged, all, interp) };
  }
  const geometry =
    request.geometry ??
    (detection.flagged
      ? await timed(ms, 'unfold', () =>
          estimateGeometry(
            detection,
            damaged,
            meanSection(pair.prev, pair.next),
            { bandPadding: options.bandPadding },
            signal,
          ),
        )
      : undefined);
  if (geometry === undefined || !geometry.flagged) {
    result.notes.push('no fold detected: section returned unchanged');
    return result;
  }
  result.geometry = geometry;
  throwIfAborted(signal, 'restoration');
  const block = { x: 0, y: 0, width: damaged.width, height: damaged.height };
  const read = readFromSections({ damaged, prev: pair.prev, next: pair.next });
  const start = performance.now();
  const restored = await restoreBlock({ geometry, block, read, method, tiles: options.tiles }, runner, signal);
  if (method !== 'interp_net') {
    // The warp is the rest of the block's time once the nets' own time is taken out.
    const nets = (ms.interp ?? 0) + (ms.fusion ?? 0);
    ms.unfold = (ms.unfold ?? 0) + Math.max(0, performance.now() - start - nets);
    result.stages.push('unfold');
  }
  if (method !== 'unfold_fusion') result.stages.push('interp');
  if (method !== 'interp_net') result.stages.push('fusion');
  return { ...result, region: changedBox(damaged, restored.image), restored: restored.image };
}

/** Bounding box of the pixels that differ, or null. */
function changedBox(before: GrayImage, after: GrayImage): Rect | null {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < before.height; y++) {
    for (let x = 0; x < before.width; x++) {
      const i = y * before.width + x;
      if (before.data[i] === after.data[i]) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
