import { interpMethod, unfoldWithParams } from '../baselines/index.js';
import type { GrayImage } from '../image.js';
import { cropGray, psnr, ssim } from '../metrics/index.js';
import type { RestorationInput, RestorationMethod } from '../restoration_method.js';
import { degradeFold } from '../simulation/index.js';
import { type CaseOptions, drawCases, type EvalCase, targetSections } from './cases.js';
import { EvaluationError } from './errors.js';
import { type MeanStd, meanStd } from './stats.js';

export interface EvalOptions extends CaseOptions {
  /**
   * Also score the `oracle` row: the warp inverted with the true fold parameters and the lost strip
   * filled with the neighbours' mean — a ceiling for unfolding, not a method.
   */
  oracle?: boolean;
}

export const ORACLE = 'oracle';

/** Something that produces a restoration for a case: a method, or the oracle that may cheat. */
interface Scorer {
  name: string;
  run(c: EvalCase, input: RestorationInput): Promise<GrayImage>;
}

export interface MethodScores {
  psnr: MeanStd;
  ssim: MeanStd;
  /** Wall time of one restore call, milliseconds (machine-dependent; for the ladder's cost column). */
  ms: MeanStd;
}

export interface EvalReport {
  n: number;
  /** 0 when whole sections were scored. */
  crop: number;
  border: number;
  seed: number;
  /** First and last section that could be drawn as a target. */
  sections: [number, number];
  methods: Record<string, MethodScores>;
}

export interface EvalHooks {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
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
      run: async (c, input) => unfoldWithParams(input.damaged, await interpMethod.restore(input), c.params),
    });
  }
  const scores = new Map(
    scorers.map((m) => [m.name, { psnr: [] as number[], ssim: [] as number[], ms: [] as number[] }]),
  );
  if (scores.size < scorers.length) throw new EvaluationError('two methods share a name');
  for (const [k, c] of cases.entries()) {
    hooks.signal?.throwIfAborted();
    const clean = cropGray(stack[c.section], c.region);
    const prev = cropGray(stack[c.section - 1], c.region);
    const next = cropGray(stack[c.section + 1], c.region);
    const { degraded } = degradeFold(clean, c.params);
    for (const scorer of scorers) {
      const start = performance.now();
      const restored = await scorer.run(c, { damaged: degraded, prev, next });
      const s = scores.get(scorer.name)!;
      s.ms.push(performance.now() - start);
      s.psnr.push(psnr(restored, clean, 255, region));
      s.ssim.push(ssim(restored, clean, region));
    }
    hooks.onProgress?.(k + 1, cases.length);
  }
  const targets = targetSections(stack.length, options.sections);
  return {
    n: cases.length,
    crop: options.crop ?? 0,
    border,
    seed: options.seed,
    sections: [targets[0], targets[targets.length - 1]],
    methods: Object.fromEntries(
      [...scores].map(([name, s]) => [name, { psnr: meanStd(s.psnr), ssim: meanStd(s.ssim), ms: meanStd(s.ms) }]),
    ),
  };
}
