/**
 * Inference runtime speed: median time per megapixel of the fixture models (3×3 box blur Conv;
 * GridSample warp with an in-graph pixel grid) on onnxruntime-web's wasm backend in Node, at 1
 * and 2 threads, on 512² and 1024², plus the cost of tiling the blur at 1024².
 *
 * ORT reads its thread count once per process, so each thread count is measured in a child
 * process running this same file (worker threads would not inherit the tsx loader).
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from '../src/core/stats.js';
import { modelsFromDirectory } from '../src/inference/model_files.js';
import type { TensorData, Tensors } from '../src/inference/model_runner.js';
import { OrtRunner } from '../src/inference/ort_runner.js';
import { runTiled } from '../src/inference/tiling.js';
import { answerAsChild, measureInChild } from './thread_child.js';

const ONNX_DIR = fileURLToPath(new URL('../test/fixtures/onnx/', import.meta.url));
const SIZES = [512, 1024];
const THREADS = [1, 2];
const REPEATS = 7;

interface Row {
  case: string;
  size: number;
  threads: number;
  medianMs: number;
  minMs: number;
  /** CPU time of the whole process (all ORT threads): stable where wall time is not. */
  cpuMs: number;
}

function texture(channels: number, size: number, scale: number): TensorData {
  const data = new Float32Array(channels * size * size);
  for (let i = 0; i < data.length; ++i) data[i] = scale * (0.5 + 0.5 * Math.sin(i * 0.731 + Math.cos(i * 0.117) * 3));
  return { data, dims: [1, channels, size, size] };
}

/**
 * Median and minimum wall time and median CPU time of REPEATS runs. On a machine shared with other
 * work the minimum and the CPU time show the cost better than the median.
 */
async function time(f: () => Promise<unknown>): Promise<{ medianMs: number; minMs: number; cpuMs: number }> {
  await f(); // warm-up: session creation, first-run allocations
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < REPEATS; ++i) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { medianMs: median(times), minMs: Math.min(...times), cpuMs: median(cpu) };
}

const CHILD_ENV = 'SFF_INFERENCE_BENCH_THREADS';

/** Runs in the child process: every case at one thread count. */
async function measure(threads: number): Promise<Row[]> {
  const models = modelsFromDirectory(ONNX_DIR, ['box_blur', 'warp']);
  const runner = await OrtRunner.create(models, { backend: 'wasm', numThreads: threads });
  const rows: Row[] = [];
  for (const size of SIZES) {
    const image = texture(1, size, 1);
    const warpInputs: Tensors = { image, flow: texture(2, size, 6) };
    rows.push({ case: 'box_blur', size, threads, ...(await time(() => runner.run('box_blur', { image }))) });
    rows.push({ case: 'warp (GridSample)', size, threads, ...(await time(() => runner.run('warp', warpInputs))) });
    if (size === 1024) {
      const tiled = () =>
        runTiled({ image }, { tileSize: 256, halo: 8 }, (t, _tile, s) => runner.run('box_blur', t, s));
      rows.push({ case: 'box_blur tiled 256/halo 8', size, threads, ...(await time(tiled)) });
    }
  }
  await runner.dispose();
  return rows;
}

export async function run(): Promise<string> {
  const rows: Row[] = [];
  for (const threads of THREADS) rows.push(...(await measureInChild<Row>(import.meta.url, CHILD_ENV, threads)));
  const lines = [
    `### Inference runtime (onnxruntime-web wasm in Node ${process.version}, median of ${REPEATS} after warm-up)`,
    '',
    '| model | size | threads | median ms | min ms | median ms / megapixel | CPU ms (median) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const mp = (r.size * r.size) / 1e6;
      const ms = [r.medianMs, r.minMs, r.medianMs / mp, r.cpuMs].map((v) => v.toFixed(1));
      const cells = [r.case, `${r.size}²`, r.threads, ...ms];
      return `| ${cells.join(' | ')} |`;
    }),
  ];
  return lines.join('\n');
}

answerAsChild(CHILD_ENV, measure);
