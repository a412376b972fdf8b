/**
 * Restoration speed in headless Chromium: the self-check page (build/self_check.html) restores
 * the same simulated fold as bench/restore.bench.ts (src/core/simulation/timing_case.ts) end to
 * end on onnxruntime-web's WASM backend, at 1 and 2 threads (the demo server is cross-origin
 * isolated, so threads are real), 1024² and 2048². Each thread count gets a fresh page: ORT reads
 * its thread count once. WebGPU here is software (SwiftShader) and not worth timing; its
 * correctness is checked by test/browser/self_check.spec.ts.
 */
import type { Browser } from 'playwright-core';
import type { SpeedRow } from '../src/viewer/self_check.js';
import { startHarness } from '../test/browser/harness.js';

const THREADS = [1, 2];
const SIZES = [1024, 2048];
const STAGES = ['detect', 'unfold', 'interp', 'fusion'] as const;
const TIMEOUT_MS = 15 * 60 * 1000;

interface Outcome {
  state: 'running' | 'done' | 'failed';
  error?: string;
  describe?: string;
  crossOriginIsolated?: boolean;
  speed?: SpeedRow[];
}

async function measure(browser: Browser, baseUrl: string, threads: number): Promise<Outcome> {
  const page = await browser.newPage();
  try {
    await page.goto(
      `${baseUrl}/self_check.html?mode=speed&backend=wasm&threads=${threads}&sizes=${SIZES.join(',')}&repeats=3`,
    );
    await page.waitForFunction(
      () => (window as { sffSelfCheck?: Outcome }).sffSelfCheck?.state !== 'running',
      undefined,
      {
        timeout: TIMEOUT_MS,
        polling: 1000,
      },
    );
    const outcome = await page.evaluate(() => (window as unknown as { sffSelfCheck: Outcome }).sffSelfCheck);
    if (outcome.state !== 'done') throw new Error(`self-check at ${threads} threads: ${outcome.error}`);
    return outcome;
  } finally {
    await page.close();
  }
}

export async function run(): Promise<string> {
  const harness = await startHarness();
  const rows: string[] = [];
  let version = '';
  try {
    version = harness.browser.version();
    for (const threads of THREADS) {
      const outcome = await measure(harness.browser, harness.server.url, threads);
      for (const r of outcome.speed!) {
        const stageMs = STAGES.map((s) => (r.ms[s] === undefined ? '–' : r.ms[s]!.toFixed(0)));
        const perMp = (r.totalMs / ((r.size * r.size) / 1e6)).toFixed(0);
        rows.push(`| ${r.size}² | ${outcome.describe} | ${stageMs.join(' | ')} | ${r.totalMs.toFixed(0)} | ${perMp} |`);
      }
    }
  } finally {
    await harness.close();
  }
  return [
    `### Restoration in headless Chromium ${version} (self_check.html, onnxruntime-web WASM, median of 3 after a warm-up)`,
    '',
    '| size | backend | detect ms | unfold ms | interp ms | fusion ms | total ms | ms / megapixel |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
