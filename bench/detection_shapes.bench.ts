/**
 * Fold detection per shape family (issue 12 §2): recall (section flagged) and mean mask IoU against
 * the true band on simulated folds of every family, both stacks; false flags on the clean
 * sections; the real DOLW7_1 against its manual mask. Thin folds are detected at their scale
 * (`minHalfWidth 1`), so the clean sections are checked at that scale too. Each row for both
 * detectors: the hand-tuned one (detectFolds) and the learned one (models/foldnet.onnx, trained on
 * Gerhard 00–13 and ISBI 00–24 only: the validation rows are sections it never saw), one WASM thread.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { detectFolds, type DetectOptions, type FoldDetection } from '../src/core/detection/index.js';
import { combineDetections } from '../src/core/detection/learned.js';
import type { GrayImage } from '../src/core/image.js';
import { maskIoU } from '../src/core/metrics/index.js';
import { SHAPE_FAMILIES, type ShapeFamily } from '../src/core/simulation/index.js';
import { median } from '../src/core/stats.js';
import { modelsFromDirectory } from '../src/inference/model_files.js';
import { OrtRunner } from '../src/inference/ort_runner.js';
import { readGrayPng } from '../src/io/png.js';
import { detectFoldsLearned, FOLD_MODEL, foldProbability, learnedElseHandTuned } from '../src/restoration/fold_net.js';
import { REAL_OPTIONS } from './detection.bench.js';
import { loadStack, shapeCases, type StackName, VALIDATION } from './shape_cases.js';

const REAL = process.env.SFF_REAL_FOLD_DIR ?? '';
const CASES = Number(process.env.SFF_SHAPE_CASES ?? 60);
const MODELS = new URL('../models/', import.meta.url).pathname;

/** A detector under test: one section, told the band scale. */
type Detector = (section: GrayImage, options: DetectOptions) => Promise<FoldDetection>;
/** The scale the detector is told for each family: thin bands are 1–3 px. */
export const FAMILY_OPTIONS: Partial<Record<ShapeFamily, DetectOptions>> = { thin: { minHalfWidth: 1 } };

interface Row {
  cases: number;
  recall: number;
  iou: number;
  foundIou: number;
}

async function measure(
  detect: Detector,
  stack: StackName,
  family: ShapeFamily,
  sections: number[],
  count: number,
): Promise<Row> {
  const cases = shapeCases(stack, family, sections, count);
  let found = 0,
    iou = 0,
    foundIou = 0;
  for (const c of cases) {
    const det = await detect(c.degraded, FAMILY_OPTIONS[family] ?? {});
    const overlap = maskIoU(det.mask, c.mask);
    iou += overlap;
    if (det.flagged) {
      found++;
      foundIou += overlap;
    }
  }
  const n = cases.length;
  return { cases: n, recall: found / n, iou: iou / n, foundIou: foundIou / Math.max(1, found) };
}

function mark(value: number, target: number): string {
  return `${value.toFixed(3)}${value >= target ? '' : ' ✗'}`;
}

async function familyRows(detectors: [string, Detector][]): Promise<string[]> {
  const gerhard = loadStack('gerhard').map((_, z) => z);
  const sets: [StackName, string, number[]][] = [
    ['gerhard', 'Gerhard 0–13', gerhard.filter((z) => !VALIDATION.has(z))],
    ['isbi', 'ISBI 0–29', loadStack('isbi').map((_, z) => z)],
    ['gerhard', 'Gerhard 14–19 (validation)', gerhard.filter((z) => VALIDATION.has(z))],
  ];
  const head = detectors.map(([name]) => `${name}: recall (≥ 0.98) | mean IoU (≥ 0.8) | IoU of flagged`);
  const rows = [
    `| family | sections | cases | ${head.join(' | ')} |`,
    `|---|---|---|${'---|'.repeat(3 * detectors.length)}`,
  ];
  for (const family of SHAPE_FAMILIES) {
    for (const [stack, label, sections] of sets) {
      if (!sections.length) continue;
      const cells: string[] = [];
      let cases = 0;
      for (const [, detect] of detectors) {
        const r = await measure(detect, stack, family, sections, CASES);
        cases = r.cases;
        cells.push(`${mark(r.recall, 0.98)} | ${mark(r.iou, 0.8)} | ${r.foundIou.toFixed(3)}`);
      }
      rows.push(`| ${family} | ${label} | ${cases} | ${cells.join(' | ')} |`);
    }
  }
  return rows;
}

async function cleanRows(detectors: [string, Detector][]): Promise<string[]> {
  const rows = [
    '| clean sections | detector | scale | sections | flagged (0) | max score |',
    '|---|---|---|---|---|---|',
  ];
  for (const [name, detect] of detectors) {
    for (const [label, options] of [
      ['default (minHalfWidth 5)', {}],
      ['thin (minHalfWidth 1)', FAMILY_OPTIONS.thin ?? {}],
    ] as const) {
      for (const stack of ['gerhard', 'isbi'] as StackName[]) {
        const dets: FoldDetection[] = [];
        for (const s of loadStack(stack)) dets.push(await detect(s, options));
        const flagged = dets.filter((d) => d.flagged).length;
        rows.push(
          `| ${stack} | ${name} | ${label} | ${dets.length} | ${flagged}${flagged ? ' ✗' : ''} | ${Math.max(0, ...dets.map((d) => d.score)).toFixed(2)} |`,
        );
      }
    }
  }
  return rows;
}

async function realRows(detectors: [string, Detector][]): Promise<string[]> {
  if (!existsSync(join(REAL, 'DOLW7_1.png'))) return ['(DOLW7: set SFF_REAL_FOLD_DIR to the sample folder)'];
  const truth = readGrayPng(join(REAL, 'DOLW7_m.png'));
  const rows: string[] = [];
  for (const [name, detect] of detectors) {
    const det = await detect(readGrayPng(join(REAL, 'DOLW7_1.png')), REAL_OPTIONS);
    rows.push(
      `DOLW7_1, ${name} (minHalfWidth 15): flagged ${det.flagged}, ${det.folds.length} fold(s), IoU vs DOLW7_m **${maskIoU(det.mask, truth).toFixed(3)}** (target ≥ 0.8).`,
    );
  }
  return rows;
}

/** Median wall time (ms) of `runs` calls after one warm-up. */
async function medianMs(f: () => Promise<unknown>, runs = 11): Promise<number> {
  await f();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Time per 1024² section of the learned detector: the net alone, and net + post-processing. */
async function timeRows(runner: OrtRunner | undefined): Promise<string[]> {
  if (!runner) return [];
  const section = loadStack('gerhard')[15];
  const [c] = shapeCases('gerhard', 'arc', [15], 1);
  const net = await medianMs(() => foldProbability(runner, section));
  const clean = await medianMs(() => detectFoldsLearned(runner, section));
  const folded = await medianMs(() => detectFoldsLearned(runner, c.degraded));
  return [
    `Learned detector, one 1024² section, onnxruntime-web WASM 1 thread, median of 11 (load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores): net ${net.toFixed(1)} ms; with post-processing ${clean.toFixed(1)} ms clean, ${folded.toFixed(1)} ms with an arc fold (budget ≤ 50 ms).`,
  ];
}

/** The hand-tuned detector, and the learned one when models/foldnet.onnx is there. */
async function detectors(): Promise<{ list: [string, Detector][]; runner?: OrtRunner }> {
  const list: [string, Detector][] = [['hand-tuned', async (s, o) => detectFolds(s, o)]];
  if (!existsSync(join(MODELS, `${FOLD_MODEL}.onnx`))) return { list };
  const runner = await OrtRunner.create(modelsFromDirectory(MODELS, [FOLD_MODEL]), { backend: 'wasm', numThreads: 1 });
  list.push(['learned', (s, o) => detectFoldsLearned(runner, s, o)]);
  list.push([
    'combined',
    async (s, o) =>
      combineDetections(s, detectFolds(s, o), await foldProbability(runner, s, o), { minHalfWidth: o.minHalfWidth }),
  ]);
  list.push(['learned-else-hand-tuned', learnedElseHandTuned(runner)]);
  const only = process.env.SFF_DETECTORS?.split(',');
  return { list: only ? list.filter(([name]) => only.includes(name)) : list, runner };
}

export async function run(): Promise<string> {
  const { list, runner } = await detectors();
  const parts = [
    (await familyRows(list)).join('\n'),
    (await cleanRows(list)).join('\n'),
    (await realRows(list)).join('\n'),
    (await timeRows(runner)).join('\n'),
  ];
  await runner?.dispose();
  return `## Fold detection per shape family\n\n${CASES} cases per family and section set (textured bands on every other case; docs/fold-model.md, "Shape families").\n\n${parts.join('\n\n')}\n`;
}

// Run on its own: `node --import tsx bench/detection_shapes.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((table) => process.stdout.write(table));
}
