/**
 * The block engine's cost per block (restoration/block_restore.ts): one 512² block (+ its 64 px
 * halo) of a 1024² training section (Gerhard 06, neighbours 05 and 07) with a simulated fold, at
 * 2 WASM threads in Node, split into the nets' time and the rest (warp, reads, detail transfer).
 * Cases: the fold's lost strip crossing the block shallowly and at 45°, and a block only the
 * fold's pull reaches (no net runs there).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SectionGeometry } from '../src/core/geometry/fold_geometry.js';
import { simulateFold } from '../src/core/simulation/index.js';
import { median } from '../src/core/stats.js';
import { modelsFromDirectory } from '../src/inference/model_files.js';
import type { ModelRunner } from '../src/inference/model_runner.js';
import { OrtRunner } from '../src/inference/ort_runner.js';
import { readGrayPng } from '../src/io/png.js';
import { restoreBlock } from '../src/restoration/block_restore.js';
import { MODEL_NAMES } from '../src/restoration/eval_methods.js';
import { readFromSections } from '../src/restoration/section_read.js';
import { answerAsChild, measureInChild } from './thread_child.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RAW = join(ROOT, 'data', 'gerhard2013', 'raw');
const MODELS = process.env.SFF_MODELS ?? join(ROOT, 'models');
const BLOCK = { x: 256, y: 256, width: 512, height: 512 };
const REPEATS = 5;
const THREADS = 2;
const L = 8,
  F = 30,
  S = 0.05;

const CASES: { name: string; line: [number, number, number, number] }[] = [
  { name: 'strip across the block (slope 0.2)', line: [0, 400.5, 1023, 600] },
  { name: 'strip across the block (45°)', line: [0, 0.5, 1023, 1023] },
  { name: 'pull only (strip 60 px outside the block)', line: [0, 150.5, 1023, 150.5] },
];

interface Row {
  case: string;
  medianMs: number;
  minMs: number;
  cpuMs: number;
  netMs: number;
}

function geometryOf([x0, y0, x1, y1]: [number, number, number, number]): SectionGeometry {
  return {
    frame: [1024, 1024],
    flagged: true,
    score: 1,
    folds: [
      {
        line: [
          [x0, y0],
          [x1, y1],
        ],
        halfWidths: [L, L],
        pull: [
          { a: F - L, s: S },
          { a: F - L, s: S },
        ],
        score: 1,
      },
    ],
  };
}

/** The runner with the wall time of its model runs added up in `ms.nets`. */
function timed(runner: ModelRunner, ms: { nets: number }): ModelRunner {
  return {
    get backend() {
      return runner.backend;
    },
    describe: () => runner.describe(),
    modelInfo: (model, signal) => runner.modelInfo(model, signal),
    dispose: () => runner.dispose(),
    run: async (model, inputs, signal) => {
      const t0 = performance.now();
      const out = await runner.run(model, inputs, signal);
      ms.nets += performance.now() - t0;
      return out;
    },
  };
}

async function measure(threads: number): Promise<Row[]> {
  const section = (z: number) => readGrayPng(join(RAW, `${String(z).padStart(2, '0')}.png`));
  const [prev, clean, next] = [5, 6, 7].map(section);
  const ort = await OrtRunner.create(modelsFromDirectory(MODELS, MODEL_NAMES), {
    backend: 'wasm',
    numThreads: threads,
  });
  const ms = { nets: 0 };
  const runner = timed(ort, ms);
  const rows: Row[] = [];
  for (const c of CASES) {
    const [x0, y0, x1, y1] = c.line;
    const damaged = simulateFold(clean, { x0, y0, x1, y1, L, F, s: S, bandGain: 0 }).degraded;
    const request = { geometry: geometryOf(c.line), block: BLOCK, read: readFromSections({ damaged, prev, next }) };
    await restoreBlock(request, runner); // warm-up: sessions, first-run allocations per shape
    const wall: number[] = [],
      cpu: number[] = [],
      nets: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      ms.nets = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await restoreBlock(request, runner);
      wall.push(performance.now() - t0);
      const used = process.cpuUsage(c0);
      cpu.push((used.user + used.system) / 1000);
      nets.push(ms.nets);
    }
    rows.push({
      case: c.name,
      medianMs: median(wall),
      minMs: Math.min(...wall),
      cpuMs: median(cpu),
      netMs: median(nets),
    });
  }
  await ort.dispose();
  return rows;
}

const CHILD_ENV = 'SFF_BLOCK_BENCH_THREADS';

export async function run(): Promise<string> {
  const rows = await measureInChild<Row>(import.meta.url, CHILD_ENV, THREADS);
  return [
    `### Block restoration: one 512² block + 64 px halo (WASM ${THREADS} threads, Node, median of ${REPEATS} after warm-up)`,
    '',
    '| case | median ms | min ms | nets ms (median) | rest ms | CPU ms (median) |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const cells = [r.medianMs, r.minMs, r.netMs, r.medianMs - r.netMs, r.cpuMs].map((v) => v.toFixed(0));
      return `| ${r.case} | ${cells.join(' | ')} |`;
    }),
  ].join('\n');
}

answerAsChild(CHILD_ENV, measure);
