/**
 * Self-check page (self_check.html): does restoration run in this browser, on which backend, how
 * fast, and does it match PyTorch? A lab deploying the plugin opens it once; the browser tests and
 * `npm run bench` open it headless. The outcome is shown on the page and set as
 * `window.sffSelfCheck` ({state: 'running' | 'done' | 'failed', ...}).
 */
import { timingCase } from '../core/simulation/timing_case.js';
import { decodeFixture, type FixtureMeta, maxAbsDifference } from '../inference/fixture.js';
import type { Tensors } from '../inference/model_runner.js';
import { modelsFromUrl } from '../inference/model_urls.js';
import { OrtRunner } from '../inference/ort_runner.js';
import type { BackendPreference } from '../inference/provider.js';
import { httpGetOk } from '../io/http.js';
import { MODEL_NAMES } from '../restoration/eval_methods.js';
import type { RestorationResult } from '../restoration/pipeline.js';
import { timeRestoration } from '../restoration/timing.js';
import { fetchGray } from './fetch_gray.js';

interface Settings {
  mode: 'parity' | 'speed';
  backend: BackendPreference;
  threads: number;
  sizes: number[];
  repeats: number;
  models: string;
  /** Folder of the consecutive sections 15, 16, 17 (NN.png) the speed case folds. */
  stack: string;
}

export interface ParityRow {
  model: string;
  /** Max |ORT − PyTorch| per output. */
  maxAbsDiff: Record<string, number>;
  /** The outputs themselves, so a caller can compare two backends directly. */
  outputs: Record<string, number[]>;
}

export interface SpeedRow {
  size: number;
  totalMs: number;
  ms: RestorationResult['ms'];
}

type Outcome =
  | { state: 'running' }
  | { state: 'failed'; error: string }
  | {
      state: 'done';
      backend: string;
      describe: string;
      crossOriginIsolated: boolean;
      parity?: ParityRow[];
      speed?: SpeedRow[];
    };

function settings(query: URLSearchParams): Settings {
  const backend = query.get('backend') ?? 'auto';
  if (backend !== 'auto' && backend !== 'webgpu' && backend !== 'wasm')
    throw new Error(`backend must be auto, webgpu or wasm, got ${backend}`);
  const mode = query.get('mode') ?? 'parity';
  if (mode !== 'parity' && mode !== 'speed') throw new Error(`mode must be parity or speed, got ${mode}`);
  const positive = (key: string, fallback: string): number[] =>
    (query.get(key) ?? fallback).split(',').map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${key} must be positive integers, got ${v}`);
      return n;
    });
  return {
    mode,
    backend,
    threads: positive('threads', '1')[0],
    sizes: positive('sizes', '1024'),
    repeats: positive('repeats', '3')[0],
    models: query.get('models') ?? 'models/',
    stack: query.get('stack') ?? 'stack/raw/',
  };
}

async function parity(runner: OrtRunner, models: string): Promise<ParityRow[]> {
  const rows: ParityRow[] = [];
  for (const model of MODEL_NAMES) {
    const base = new URL(`fixtures/`, new URL(models, location.href));
    const meta = JSON.parse(
      new TextDecoder().decode((await httpGetOk(new URL(`${model}.json`, base).href)).bytes),
    ) as FixtureMeta;
    const blob = (await httpGetOk(new URL(meta.blob, base).href)).bytes;
    const fixture = decodeFixture(meta, blob);
    const got: Tensors = await runner.run(model, fixture.inputs);
    rows.push({
      model,
      maxAbsDiff: maxAbsDifference(got, fixture.outputs),
      outputs: Object.fromEntries(Object.entries(got).map(([name, t]) => [name, Array.from(t.data)])),
    });
  }
  return rows;
}

async function speed(runner: OrtRunner, s: Settings): Promise<SpeedRow[]> {
  const [prev, clean, next] = await Promise.all(
    [15, 16, 17].map((z) => fetchGray(new URL(`${z}.png`, new URL(s.stack, location.href)).href)),
  );
  const rows: SpeedRow[] = [];
  for (const size of s.sizes) {
    const { totalMs, ms } = await timeRestoration(timingCase(prev, clean, next, size), runner, s.repeats, true);
    rows.push({ size, totalMs, ms });
  }
  return rows;
}

async function selfCheck(): Promise<Outcome> {
  const s = settings(new URLSearchParams(location.search));
  const runner = await OrtRunner.create(modelsFromUrl(s.models, MODEL_NAMES), {
    backend: s.backend,
    numThreads: s.threads,
  });
  try {
    const result = s.mode === 'parity' ? { parity: await parity(runner, s.models) } : { speed: await speed(runner, s) };
    return { state: 'done', backend: runner.backend, describe: runner.describe(), crossOriginIsolated, ...result };
  } finally {
    await runner.dispose();
  }
}

function show(outcome: Outcome): void {
  (window as { sffSelfCheck?: Outcome }).sffSelfCheck = outcome;
  const summary =
    outcome.state === 'done' ? { ...outcome, parity: outcome.parity?.map(({ outputs: _, ...row }) => row) } : outcome;
  document.getElementById('report')!.textContent = JSON.stringify(summary, null, 2);
}

show({ state: 'running' });
selfCheck().then(show, (err: unknown) =>
  show({ state: 'failed', error: err instanceof Error ? err.message : String(err) }),
);
