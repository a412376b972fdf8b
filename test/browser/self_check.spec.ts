/**
 * The models in headless Chromium, through the self-check page: onnxruntime-web's WASM and WebGPU
 * providers each reproduce PyTorch on the committed fixtures (≤ 1e-3) and agree with each other.
 * Chromium's WebGPU here is SwiftShader (software; `--enable-unsafe-webgpu`): right, not fast, so
 * the fixtures are small (≤ 160²).
 */
import type { Browser } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT_MS, useHarness } from './harness.js';

interface ParityRow {
  model: string;
  maxAbsDiff: Record<string, number>;
  outputs: Record<string, number[]>;
}

interface Outcome {
  state: 'running' | 'done' | 'failed';
  error?: string;
  backend?: string;
  describe?: string;
  parity?: ParityRow[];
}

const harness = useHarness(['--enable-unsafe-webgpu']);

async function selfCheck(browser: Browser, baseUrl: string, query: string): Promise<Outcome> {
  const page = await browser.newPage();
  try {
    await page.goto(`${baseUrl}/self_check.html?${query}`);
    await page.waitForFunction(
      () => (window as { sffSelfCheck?: Outcome }).sffSelfCheck?.state !== 'running',
      undefined,
      {
        timeout: BROWSER_TEST_TIMEOUT_MS - 20000,
        polling: 500,
      },
    );
    return await page.evaluate(() => (window as unknown as { sffSelfCheck: Outcome }).sffSelfCheck);
  } finally {
    await page.close();
  }
}

function maxDifference(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('self-check page: the models in Chromium', () => {
  const outcomes: Record<string, Outcome> = {};

  test.each([['wasm'], ['webgpu']])(
    '%s reproduces PyTorch on every fixture',
    async (backend) => {
      const { browser, server } = harness();
      const outcome = await selfCheck(browser, server.url, `mode=parity&backend=${backend}`);
      outcomes[backend] = outcome;
      expect(outcome.error).toBeUndefined();
      // Still on the asked backend after running: the runner falls back to WASM if WebGPU fails.
      expect({ backend: outcome.backend, describe: outcome.describe }).toEqual({
        backend,
        describe: expect.not.stringContaining('failed'),
      });
      expect(outcome.parity!.map((row) => row.model).sort()).toEqual(['fusion', 'interp', 'unfold']);
      for (const row of outcome.parity!) {
        for (const [output, diff] of Object.entries(row.maxAbsDiff)) {
          expect({ output: `${row.model}.${output}`, ok: diff <= 1e-3 || diff }).toEqual({
            output: `${row.model}.${output}`,
            ok: true,
          });
        }
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  test('WebGPU and WASM outputs agree', () => {
    const [wasm, webgpu] = [outcomes.wasm?.parity, outcomes.webgpu?.parity];
    if (wasm === undefined || webgpu === undefined) throw new Error('a parity run above failed');
    for (const row of wasm) {
      const other = webgpu.find((r) => r.model === row.model)!;
      for (const [output, values] of Object.entries(row.outputs)) {
        expect({
          output: `${row.model}.${output}`,
          diff: maxDifference(values, other.outputs[output]) <= 1e-3,
        }).toEqual({
          output: `${row.model}.${output}`,
          diff: true,
        });
      }
    }
  });

  test(
    'a bad option is reported on the page, not thrown away',
    async () => {
      const { browser, server } = harness();
      const outcome = await selfCheck(browser, server.url, 'backend=cuda');
      expect(outcome).toEqual({
        state: 'failed',
        error: expect.stringContaining('backend must be auto, webgpu or wasm'),
      });
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
