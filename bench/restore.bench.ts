/**
 * Restoration speed and quality with the exported ONNX models (models/, or $SFF_MODELS).
 *
 * Speed: a simulated fold on a 1024² section (Gerhard 16, neighbours 15 and 17) and on a 2048²
 * one (the same sections mirrored 2×2), restored end to end — detection and all stages — on
 * onnxruntime-web's wasm backend in Node at 1 and 2 threads. ORT reads its thread count once per
 * process, so each thread count runs in a child process running this file.
 *
 * Quality: the ladder (degraded, Sub, Interp, the learned ablations, full) through the evaluation
 * harness on the validation sections (Gerhard 15–18, neighbours 14–19), 400² crops, seed 2020.
 * The full 100-case run takes ~30 min on 2 busy cores: its table is kept in
 * bench/RESULTS-restore.md; by default this bench runs $SFF_RESTORE_BENCH_CASES (default 10) cases.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineRegistry } from '../src/core/baselines/index.js';
import { evaluate, formatReport, resolveMethods } from '../src/core/evaluation/index.js';
import type { GrayImage } from '../src/core/image.js';
import { type TimingCase, timingCase } from '../src/core/simulation/timing_case.js';
import { modelsFromDirectory } from '../src/inference/model_files.js';
import { OrtRunner } from '../src/inference/ort_runner.js';
import { readGrayPng } from '../src/io/png.js';
import { learnedRegistry, MODEL_NAMES } from '../src/restoration/eval_methods.js';
import { type RestorationResult, type StageName } from '../src/restoration/pipeline.js';
import { timeRestoration } from '../src/restoration/timing.js';
import { answerAsChild, measureInChild } from './thread_child.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODELS = process.env.SFF_MODELS ?? join(ROOT, 'models');
const RAW = join(ROOT, 'data', 'gerhard2013', 'raw');
const CHILD_ENV = 'SFF_RESTORE_BENCH_THREADS';
const CASES = Number(process.env.SFF_RESTORE_BENCH_CASES ?? 10);
const THREADS = [1, 2];
const STAGES: StageName[] = ['detect', 'unfold', 'interp', 'fusion'];
/** Timed runs per size after one warm-up (2048² runs once: it takes tens of seconds). */
const REPEATS: Record<number, number> = { 1024: 3, 2048: 1 };

interface Row {
  size: number;
  threads: number;
  totalMs: number;
  ms: RestorationResult['ms'];
  region: string;
}

const section = (z: number): GrayImage => readGrayPng(join(RAW, `${String(z).padStart(2, '0')}.png`));

function foldCase(size: number): TimingCase {
  const [prev, clean, next] = [15, 16, 17].map(section);
  return timingCase(prev, clean, next, size);
}

/** Runs in the child: every size at one thread count, median total of the repeats. */
async function measure(threads: number): Promise<Row[]> {
  const runner = await OrtRunner.create(modelsFromDirectory(MODELS, MODEL_NAMES), {
    backend: 'wasm',
    numThreads: threads,
  });
  const rows: Row[] = [];
  for (const size of [1024, 2048]) {
    // One warm-up (sessions, first-run allocations) before the first size serves both.
    const { totalMs, ms, region: r } = await timeRestoration(foldCase(size), runner, REPEATS[size], size === 1024);
    rows.push({ size, threads, totalMs, ms, region: r ? `${r.width}×${r.height}` : 'none' });
  }
  await runner.dispose();
  return rows;
}

async function ladder(): Promise<string> {
  const runner = () => OrtRunner.create(modelsFromDirectory(MODELS, MODEL_NAMES), { backend: 'wasm', numThreads: 2 });
  const registry = new Map([...baselineRegistry(), ...learnedRegistry(runner)]);
  const names = ['degraded', 'sub', 'interp', 'interp_net', 'unfold_fusion', 'interp_fusion', 'full'];
  const methods = await resolveMethods(registry, names);
  const stack = Array.from({ length: 20 }, (_, z) => section(z));
  const report = await evaluate(stack, methods, { cases: CASES, seed: 2020, crop: 400, sections: [15, 18] });
  return formatReport(report);
}

export async function run(): Promise<string> {
  const absent = MODEL_NAMES.filter((name) => !existsSync(join(MODELS, `${name}.onnx`)));
  if (absent.length > 0) throw new Error(`${absent.join(', ')}.onnx not in ${MODELS} (run training/export_onnx.py)`);
  const rows: Row[] = [];
  for (const threads of THREADS) rows.push(...(await measureInChild<Row>(import.meta.url, CHILD_ENV, threads)));
  const fmt = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(0));
  return [
    `### Restoration, detect + unfold + interp + fusion (onnxruntime-web wasm in Node ${process.version}; median of ${REPEATS[1024]} at 1024², 1 run at 2048²)`,
    '',
    '| size | threads | region | detect ms | unfold ms | interp ms | fusion ms | total ms | ms / megapixel |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const cells = [
        `${r.size}²`,
        r.threads,
        r.region,
        ...STAGES.map((s) => fmt(r.ms[s])),
        fmt(r.totalMs),
        fmt(r.totalMs / ((r.size * r.size) / 1e6)),
      ];
      return `| ${cells.join(' | ')} |`;
    }),
    '',
    `### Quality ladder with the ONNX models (full 100-case run: bench/RESULTS-restore.md)`,
    '',
    await ladder(),
  ].join('\n');
}

answerAsChild(CHILD_ENV, measure);
