/**
 * The viewer as a user meets it (issue 6, headless Chromium against the demo; needs
 * `npm run build && npm run demo:prepare`): clean-section chunk loading through sff:// against the
 * raw layer, in two pages of one run, section by section in alternation (target ≤ 1.05×); the time
 * from navigating to a fold section to its restored pixels on screen; and the main bundle with and
 * without the plugin (onnxruntime and the models must stay out of it).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import webpack from 'webpack';
import { demoState } from '../demo/state.js';
import { median } from '../src/core/stats.js';
import { openViewer, root, startHarness, stateUrl, waitForLayersReady } from '../test/browser/harness.js';

type MakeConfig = (env: unknown, argv: { mode?: string }) => webpack.Configuration;

/** Clean sections of the demo volume (folds: 0, 14, 16, 18), visited in this order by both pages. */
const CLEAN_SECTIONS = [2, 4, 6, 8, 10, 12, 3, 5, 7, 9];
const FOLD_SECTION = 14;
const RESTORE_TIMEOUT_MS = 400000;

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MB`;

/** Frames without a new chunk drawn after which the section counts as complete. */
const SETTLE_MS = 1500;

/**
 * Moves to section z and resolves with the milliseconds until the last chunk of z was drawn:
 * chunks of z at full resolution in GPU memory are counted every frame, and the time of the last
 * increase counts once nothing arrived for SETTLE_MS. (Neuroglancer's layer `isReady()` is
 * already true a frame after moving, before any chunk arrived, so it cannot time this.)
 */
function timeToDrawn(page: Page, z: number): Promise<number> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  return page.evaluate(`new Promise((resolve) => {
    const viewer = window.viewer;
    const drawn = () => {
      let n = 0;
      for (const source of viewer.chunkManager.memoize.map.values()) {
        if (source.chunks === undefined || source.spec?.upperVoxelBound?.[0] !== 1024) continue;
        for (const chunk of source.chunks.values()) if (chunk.chunkGridPosition[2] === ${z} && chunk.state === 0) n++;
      }
      return n;
    };
    const start = performance.now();
    viewer.position.value = Float32Array.of(512, 512, ${z} + 0.5);
    let count = 0;
    let last = start;
    const check = () => {
      const now = performance.now();
      const n = drawn();
      if (n > count) [count, last] = [n, now];
      if (count > 0 && now - last > ${SETTLE_MS}) resolve(last - start);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

/** One layer in one xy panel; no prefetching, so every visit loads its section cold. */
function singleLayerState(base: string, source: string): object {
  const layers = [{ type: 'image', source, name: 'layer' }];
  return { ...demoState(base), position: [512, 512, 1.5], layers, layout: 'xy', prefetch: false };
}

async function chunkLoading(base: string, browser: Parameters<typeof openViewer>[0]): Promise<string> {
  const volume = `precomputed://${base}/data/gerhard`;
  const pages = {
    raw: await openViewer(browser, stateUrl(base, singleLayerState(base, volume))),
    sff: await openViewer(browser, stateUrl(base, singleLayerState(base, `sff://${volume}`))),
  };
  const ms: Record<'raw' | 'sff', number[]> = { raw: [], sff: [] };
  try {
    for (const { page } of Object.values(pages)) await waitForLayersReady(page);
    for (const [i, z] of CLEAN_SECTIONS.entries()) {
      // Alternate which goes first, so neither always meets a busier machine.
      const order: ('raw' | 'sff')[] = i % 2 === 0 ? ['raw', 'sff'] : ['sff', 'raw'];
      for (const kind of order) ms[kind].push(await timeToDrawn(pages[kind].page, z));
    }
  } finally {
    for (const { page } of Object.values(pages)) await page.close();
  }
  const ratio = median(ms.sff) / median(ms.raw);
  return [
    `| layer | median ms from moving to a clean section to its last chunk drawn (${CLEAN_SECTIONS.length} sections, 1024², 64² chunks) | all |`,
    '|---|---|---|',
    `| raw precomputed | ${median(ms.raw).toFixed(0)} | ${ms.raw.map((t) => t.toFixed(0)).join(', ')} |`,
    `| sff:// (detect + serve) | ${median(ms.sff).toFixed(0)} | ${ms.sff.map((t) => t.toFixed(0)).join(', ')} |`,
    '',
    `sff:// / raw = **${ratio.toFixed(2)}×** (target ≤ 1.05×).`,
  ].join('\n');
}

async function timeToRestored(base: string, browser: Parameters<typeof openViewer>[0]): Promise<string> {
  const state = singleLayerState(base, `sff://precomputed://${base}/data/gerhard`);
  const { page } = await openViewer(browser, stateUrl(base, state));
  try {
    await waitForLayersReady(page);
    const start = Date.now();
    // Raw pixels first, while the worker restores the section.
    const rawSeconds = (await timeToDrawn(page, FOLD_SECTION)) / 1000;
    await waitForLayersReady(page, RESTORE_TIMEOUT_MS);
    const seconds = (Date.now() - start) / 1000;
    // The restoration event the worker reported names the backend, e.g. "WASM (2 threads)".
    const backend = await page.evaluate(`[...window.viewer.chunkManager.memoize.map.values()]
      .map((s) => s.foldReport?.restorations.get(${FOLD_SECTION})?.backend).find((b) => b !== undefined) ?? 'unknown backend'`);
    return [
      `Navigate to fold section ${FOLD_SECTION} (fresh page, nothing cached): raw pixels drawn after **${rawSeconds.toFixed(1)} s**,`,
      `restored pixels drawn after **${seconds.toFixed(1)} s** (${backend}; the models load lazily on this first flagged section).`,
    ].join(' ');
  } finally {
    await page.close();
  }
}

/** Bytes of the entry's initial JS files in a webpack stats object (lazy chunks excluded). */
function initialBytes(stats: webpack.Stats, outDir: string, entry: string): number {
  const files = stats.toJson({ all: false, entrypoints: true }).entrypoints?.[entry]?.assets ?? [];
  return files.filter((a) => a.name.endsWith('.js')).reduce((sum, a) => sum + statSync(join(outDir, a.name)).size, 0);
}

function build(config: webpack.Configuration): Promise<webpack.Stats> {
  return new Promise((resolve, reject) =>
    webpack(config, (err, stats) =>
      err || stats === undefined || stats.hasErrors()
        ? reject(err ?? new Error(stats?.toString('errors-only')))
        : resolve(stats),
    ),
  );
}

async function bundleSizes(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'sff-bundle-'));
  try {
    // The project's own webpack config (plain JS, so imported by URL rather than typed).
    const makeConfig = ((await import(pathToFileURL(join(root, 'webpack.config.js')).href)) as { default: MakeConfig })
      .default;
    const base = makeConfig({}, { mode: 'production' });
    const common = { ...base, devtool: false as const, plugins: [] };
    const withPlugin = await build({
      ...common,
      entry: { main: join(root, 'src/viewer/main.ts') },
      output: { ...base.output, path: join(out, 'with') },
      plugins: base.plugins?.slice(0, 1),
    });
    const stock = await build({
      ...common,
      entry: { main: join(root, 'bench/stock_viewer_entry.js') },
      output: { ...base.output, path: join(out, 'stock') },
    });
    const [a, b] = [
      initialBytes(withPlugin, join(out, 'with'), 'main'),
      initialBytes(stock, join(out, 'stock'), 'main'),
    ];
    const lazy = readdirSync(join(out, 'with'))
      .filter((f) => /\.(wasm|mjs)$/.test(f))
      .reduce((sum, f) => sum + statSync(join(out, 'with', f)).size, 0);
    return [
      '| main bundle (initial JS, production) | bytes |',
      '|---|---|',
      `| stock Neuroglancer 2.41.2 | ${mb(b)} |`,
      `| with sff:// (layer, panel, worker hooks) | ${mb(a)} (+${((a - b) / 1024).toFixed(0)} KB) |`,
      '',
      `onnxruntime-web (${mb(lazy)} of .wasm/.mjs) and the models load only in the chunk worker, when the first flagged section is restored.`,
    ].join('\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function run(): Promise<string> {
  const harness = await startHarness();
  try {
    const loading = await chunkLoading(harness.server.url, harness.browser);
    const restored = await timeToRestored(harness.server.url, harness.browser);
    const sizes = await bundleSizes();
    return [
      '## Viewer (headless Chromium, demo volume)',
      '',
      `Load average at start ${loadavg()[0].toFixed(1)} on ${cpus().length} cores (shared with other jobs).`,
      '',
      loading,
      '',
      restored,
      '',
      sizes,
    ].join('\n');
  } finally {
    await harness.close();
  }
}
