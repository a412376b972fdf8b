import { interpMethod, unfoldWithFlow } from '../baselines/index.js';
import type { GrayImage } from '../image.js';
import { cropGray, psnr, type Region, resolveRegion, ssim, stripScores } from '../metrics/index.js';
import type { RestorationInput, RestorationMethod } from '../restoration_method.js';
import {
  type FoldFlow,
  type ShapeFamily,
  type SimulatedFold,
  simulateFold,
  simulateShape,
} from '../simulation/index.js';
import { type CaseOptions, drawCases, type EvalCase, targetSections } from './cases.js';
import { EvaluationError } from './errors.js';
import { type SegmentationCheck, type SegmentationScores, scoreSegmentation } from './segmentation.js';
import { type MeanStd, meanStd } from './stats.js';

export interface EvalOptions extends CaseOptions {
  /**
   * Also score the `oracle` row: the warp inverted with the true fold parameters and the lost strip
   * filled with the neighbours' mean — a ceiling for unfolding, not a method.
   */
  oracle?: boolean;
  /** Also score segments of every restoration against the stack's labels (VOI, adapted Rand). */
  segmentation?: SegmentationCheck;
}

export const ORACLE = 'oracle';

/** Something that produces a restoration for a case: a method, or the oracle that may cheat. */
interface Scorer {
  name: string;
  run(flow: FoldFlow, input: RestorationInput): Promise<GrayImage>;
}

export interface MethodScores {
  psnr: MeanStd;
  ssim: MeanStd;
  /** Wall time of one restore call, milliseconds (machine-dependent; for the ladder's cost column). */
  ms: MeanStd;
  /** Inside the lost strip |D| < F (the tissue that went under the fold) only. */
  strip: { psnr: MeanStd; sharpness: MeanStd };
  segmentation?: { voi: MeanStd; arand: MeanStd };
}

export interface EvalReport {
  n: number;
  /** 0 when whole sections were scored. */
  crop: number;
  border: number;
  seed: number;
  /** The shape family the folds were drawn from; absent: the paper's straight test distribution. */
  shape?: ShapeFamily;
  /** First and last section that could be drawn as a target. */
  sections: [number, number];
  methods: Record<string, MethodScores>;
  /** The segmentation of the clean sections themselves: what the membrane net alone gets wrong. */
  segmentationFloor?: { voi: MeanStd; arand: MeanStd };
}

export interface EvalHooks {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The case's damage applied to its clean crop, with the flow that undoes it. */
function simulateCase(clean: GrayImage, c: EvalCase): SimulatedFold {
  return 'shape' in c ? simulateShape(clean, c.shape) : simulateFold(clean, c.params);
}

/** The lost strip of a case's fold (no source pixel, |D| < F), inside the scored region only. */
function lostStrip({ valid }: FoldFlow, width: number, height: number, scored: Region): Uint8Array {
  const strip = new Uint8Array(width * height);
  for (let y = scored.y; y < scored.y + scored.height; y++) {
    for (let x = scored.x; x < scored.x + scored.width; x++) strip[y * width + x] = valid[y * width + x] ? 0 : 1;
  }
  return strip;
}

/** Per-case values of one row, summarised to mean ± std at the end. */
class Samples {
  private readonly values = new Map<string, number[]>();
  push(key: string, value: number): void {
    const list = this.values.get(key);
    if (list === undefined) this.values.set(key, [value]);
    else list.push(value);
  }
  get(key: string): MeanStd {
    return meanStd(this.values.get(key) ?? []);
  }
}

function summarise(s: Samples, segmented: boolean): MethodScores {
  return {
    psnr: s.get('psnr'),
    ssim: s.get('ssim'),
    ms: s.get('ms'),
    strip: { psnr: s.get('strip.psnr'), sharpness: s.get('strip.sharpness') },
    ...(segmented ? { segmentation: { voi: s.get('voi'), arand: s.get('arand') } } : {}),
  };
}

function pushSegmentation(s: Samples, scores: SegmentationScores): void {
  s.push('voi', scores.voi);
  s.push('arand', scores.arand);
}

function checkStack(stack: readonly GrayImage[]): void {
  const [first] = stack;
  stack.forEach((img, z) => {
    if (img.width !== first.width || img.height !== first.height) {
      throw new EvaluationError(
        `section ${z} is ${img.width}×${img.height}, section 0 is ${first.width}×${first.height}`,
      );
    }
  });
}

/**
 * Simulates each case on a clean section and scores every method against it. Methods receive only
 * the damaged crop and the neighbour crops — never the clean crop, the fold parameters or the mask.
 */
export async function evaluate(
  stack: readonly GrayImage[],
  methods: readonly RestorationMethod[],
  options: EvalOptions,
  hooks: EvalHooks = {},
): Promise<EvalReport> {
  if (stack.length > 0) checkStack(stack);
  const { width, height } = stack[0] ?? { width: 0, height: 0 };
  const cases: EvalCase[] = drawCases(stack.length, width, height, options);
  const border = options.border ?? 0;
  const region = border > 0 ? { border } : undefined;
  const scorers: Scorer[] = methods.map((m) => ({ name: m.name, run: (_, input) => m.restore(input, hooks.signal) }));
  if (options.oracle) {
    scorers.push({
      name: ORACLE,
      run: async (flow, input) => unfoldWithFlow(input.damaged, await interpMethod.restore(input), flow),
    });
  }
  const scores = new Map(scorers.map((m) => [m.name, new Samples()]));
  if (scores.size < scorers.length) throw new EvaluationError('two methods share a name');
  const seg = options.segmentation;
  if (seg !== undefined && seg.labels.length !== stack.length) {
    throw new EvaluationError(`${seg.labels.length} label sections for a stack of ${stack.length}`);
  }
  const floor = new Samples();
  for (const [k, c] of cases.entries()) {
    hooks.signal?.throwIfAborted();
    const clean = cropGray(stack[c.section], c.region);
    const prev = cropGray(stack[c.section - 1], c.region);
    const next = cropGray(stack[c.section + 1], c.region);
    const { degraded, flow } = simulateCase(clean, c);
    const scored = resolveRegion(region, clean.width, clean.height);
    const strip = lostStrip(flow, clean.width, clean.height, scored);
    const truth = seg && cropGray(seg.labels[c.section], c.region);
    if (seg && truth)
      pushSegmentation(floor, await scoreSegmentation(clean, truth, seg.membranes, scored, hooks.signal));
    for (const scorer of scorers) {
      const start = performance.now();
      const restored = await scorer.run(flow, { damaged: degraded, prev, next });
      const s = scores.get(scorer.name)!;
      s.push('ms', performance.now() - start);
      s.push('psnr', psnr(restored, clean, 255, region));
      s.push('ssim', ssim(restored, clean, region));
      const inStrip = stripScores(restored, clean, strip);
      s.push('strip.psnr', inStrip.psnr);
      s.push('strip.sharpness', inStrip.sharpness);
      if (seg && truth)
        pushSegmentation(s, await scoreSegmentation(restored, truth, seg.membranes, scored, hooks.signal));
    }
    hooks.onProgress?.(k + 1, cases.length);
  }
  const targets = targetSections(stack.length, options.sections);
  return {
    n: cases.length,
    crop: options.crop ?? 0,
    border,
    seed: options.seed,
    ...(options.shape === undefined ? {} : { shape: options.shape }),
    sections: [targets[0], targets[targets.length - 1]],
    methods: Object.fromEntries([...scores].map(([name, s]) => [name, summarise(s, seg !== undefined)])),
    ...(seg ? { segmentationFloor: { voi: floor.get('voi'), arand: floor.get('arand') } } : {}),
  };
}
