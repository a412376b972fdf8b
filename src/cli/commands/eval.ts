/**
 * `sff eval`: simulated folds on a clean stack, every restoration method scored (PSNR / SSIM, the
 * same inside the lost strip with its sharpness, and with --labels the segmentation check).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { baselineRegistry } from '../../core/baselines/index.js';
import type { DetectOptions, FoldDetector } from '../../core/detection/index.js';
import {
  type EvalOptions,
  type EvalReport,
  evaluate,
  formatReport,
  resolveMethods,
  type SegmentationCheck,
} from '../../core/evaluation/index.js';
import type { MethodRegistry, RestorationMethod } from '../../core/restoration_method.js';
import { SHAPE_FAMILIES, type ShapeFamily } from '../../core/simulation/index.js';
import { modelsFromDirectory } from '../../inference/model_files.js';
import { OrtRunner } from '../../inference/ort_runner.js';
import { openPngStack } from '../../io/precomputed/stack.js';
import { DEFAULT_MODELS_DIR } from '../../offline/models.js';
import { learnedRegistry, MODEL_NAMES } from '../../restoration/eval_methods.js';
import { MEMBRANE_MODEL, membraneModel } from '../../restoration/membrane_stage.js';
import { DETECTOR_OPTION, openDetector } from '../detector.js';
import { withInterrupt } from '../interrupt.js';
import { optionError, parseInteger, parseNumber, parseSeed, parseSections } from '../options.js';
import { startProgress } from '../progress.js';

interface RawOptions {
  stack?: string;
  cases: string;
  seed: string;
  crop: string;
  border: string;
  sections?: string;
  methods?: string;
  json?: boolean;
  listMethods?: boolean;
  oracle?: boolean;
  labels?: string;
  shape?: string;
  models: string;
  detector: string;
  minHalfWidth?: string;
}

function parseShape(value: string | undefined): ShapeFamily | undefined {
  if (value === undefined) return undefined;
  if (!(SHAPE_FAMILIES as readonly string[]).includes(value)) {
    throw optionError(`--shape must be one of ${SHAPE_FAMILIES.join(', ')}, got "${value}"`);
  }
  return value as ShapeFamily;
}

/**
 * Every method `sff eval` can run; learned methods join here as lazy entries and detect with
 * `detector` (default hand-tuned) and `detect` (the folds' scale); the baselines always run the
 * hand-tuned detectFolds at its defaults.
 */
export function evalRegistry(
  modelsDir: string = DEFAULT_MODELS_DIR,
  detector?: FoldDetector,
  detect?: Omit<DetectOptions, 'neighbours'>,
): MethodRegistry {
  const models = () => OrtRunner.create(modelsFromDirectory(modelsDir, MODEL_NAMES), { backend: 'wasm' });
  return new Map([...baselineRegistry(), ...learnedRegistry(models, { detector, detect })]);
}

/** The segmentation check: the labels' PNG stack and the membrane net from the models folder. */
export async function segmentationCheck(
  labelsDir: string,
  modelsDir: string,
  depth: number,
): Promise<SegmentationCheck> {
  if (!existsSync(join(modelsDir, `${MEMBRANE_MODEL}.onnx`))) {
    throw optionError(`--labels needs ${MEMBRANE_MODEL}.onnx in ${modelsDir}`);
  }
  const stack = openPngStack(labelsDir);
  if (stack.depth !== depth) throw optionError(`--labels has ${stack.depth} sections, --stack ${depth}`);
  const labels = Array.from({ length: stack.depth }, (_, z) => stack.section(z));
  const runner = await OrtRunner.create(modelsFromDirectory(modelsDir, [MEMBRANE_MODEL]), { backend: 'wasm' });
  return { labels, membranes: membraneModel(runner) };
}

async function runEval(raw: RawOptions): Promise<void> {
  if (raw.listMethods) {
    process.stdout.write(`${[...evalRegistry(raw.models).keys()].join('\n')}\n`);
    return;
  }
  if (raw.stack === undefined) throw optionError('--stack <dir> is required');
  const options = {
    cases: parseInteger('--cases', raw.cases, 1),
    seed: parseSeed(raw.seed),
    crop: parseInteger('--crop', raw.crop, 0),
    border: parseInteger('--border', raw.border, 0),
    sections: raw.sections === undefined ? undefined : parseSections('--sections', raw.sections),
    oracle: raw.oracle === true,
    shape: parseShape(raw.shape),
  };
  const names = raw.methods
    ?.split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  // Loaded on the first detection: a baseline-only run never loads onnxruntime.
  const detector = openDetector('eval', raw.detector, raw.models);
  try {
    const minHalfWidth = parseNumber('--min-half-width', raw.minHalfWidth);
    if (minHalfWidth !== undefined && !(minHalfWidth >= 1))
      throw optionError(`--min-half-width must be ≥ 1 (pixels), got ${raw.minHalfWidth}`);
    const methods = await resolveMethods(evalRegistry(raw.models, detector.detect, { minHalfWidth }), names);
    await evaluateStack(raw.stack, raw, options, methods);
  } finally {
    await detector.dispose();
  }
}

async function evaluateStack(
  dir: string,
  raw: RawOptions,
  options: Omit<EvalOptions, 'segmentation'>,
  methods: RestorationMethod[],
): Promise<void> {
  const stack = openPngStack(dir);
  const sections = Array.from({ length: stack.depth }, (_, z) => stack.section(z));
  const segmentation =
    raw.labels === undefined ? undefined : await segmentationCheck(raw.labels, raw.models, stack.depth);
  const bar = startProgress('eval', options.cases, 'cases');
  let report: EvalReport;
  try {
    report = await withInterrupt('interrupted', (signal) =>
      evaluate(sections, methods, { ...options, segmentation }, { signal, onProgress: (done) => bar.update(done) }),
    );
  } finally {
    bar.stop();
  }
  process.stdout.write(raw.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'score restoration methods on simulated folds of a clean stack (PSNR / SSIM, lost-strip PSNR and sharpness, mean ± std)',
    )
    .option('--stack <dir>', 'directory of consecutive clean PNG sections (natural name order)')
    .option('--cases <n>', 'number of simulated cases', '100')
    .option('--seed <n>', 'seed of the case draw', '0')
    .option('--crop <px>', 'square crop size; 0 scores whole sections', '0')
    .option('--border <px>', 'pixels excluded from the score on every side', '0')
    .option(
      '--sections <list>',
      'restrict target sections, 0-based z: 3,7 or 15-18 or both (each also needs both neighbours)',
    )
    .option('--methods <names>', 'comma-separated methods (default: all; see --list-methods)')
    .option(
      '--shape <family>',
      `draw folds of one shape family (${SHAPE_FAMILIES.join(', ')}) instead of straight ones`,
    )
    .option('--oracle', 'add the oracle row: true fold parameters inverted, lost strip from the neighbours (a ceiling)')
    .option(
      '--labels <dir>',
      'dense label PNGs of the same sections (Gerhard 2013 classes): add VOI and adapted Rand of membrane-net segments',
    )
    .option('--json', 'print the report as JSON instead of a markdown table')
    .option('--list-methods', 'print the available methods and exit')
    .option(
      '--models <dir>',
      'folder with interp.onnx, unfold.onnx, fusion.onnx (learned methods) and foldnet.onnx (learned detector)',
      DEFAULT_MODELS_DIR,
    )
    .option(...DETECTOR_OPTION)
    .option(
      '--min-half-width <px>',
      "the learned methods' detection scale: smallest band half-width looked for, pixels (default 5; thin folds of 1–3 px: 1)",
    )
    .action((raw: RawOptions) => runEval(raw));
}
