/**
 * Shared plumbing of the browser tests: the demo server, headless Chromium, opening a Neuroglancer
 * state, waiting until the layers have drawn, and cutting screenshots into panels.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { type RunningServer, startServer } from '../../demo/serve.js';

export const root = path.resolve(import.meta.dirname, '../..');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Harness {
  server: RunningServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Each browser test opens a page and waits for real rendering in software WebGL on a small machine. */
export const BROWSER_TEST_TIMEOUT_MS = 240000;

/**
 * Starts the demo server and Chromium once for a spec file and closes them after it; call at the
 * spec's top level and use the returned getter inside tests.
 */
export function useHarness(chromiumArgs: readonly string[] = []): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(chromiumArgs);
  }, BROWSER_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (harness === undefined) throw new Error('the browser harness has not started');
    return harness;
  };
}

/** `chromiumArgs` are added to the defaults (e.g. `--enable-unsafe-webgpu`). */
export async function startHarness(chromiumArgs: readonly string[] = []): Promise<Harness> {
  for (const [file, make] of [
    ['build/index.html', 'npm run build'],
    ['demo/data/gerhard/info', 'npm run demo:prepare'],
  ]) {
    if (!existsSync(path.join(root, file))) throw new Error(`${file} is missing: run \`${make}\` first`);
  }
  const server = await startServer({ port: 0, root });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...chromiumArgs],
  });
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

// Panel controls (maximise buttons, axis widget) are DOM overlays that differ per panel by a pixel
// of layout; hide them, and trim the panel border, so only rendered data is compared.
const HIDE_PANEL_CONTROLS = '.neuroglancer-rendered-data-panel * { visibility: hidden !important; }';
const BORDER_PX = 3;

export interface OpenedViewer {
  page: Page;
  /** Uncaught exceptions in the page since it opened. */
  pageErrors: string[];
}

/** `viewport` in CSS pixels; the default fits two panels of ~600 × 640. */
export async function openViewer(
  browser: Browser,
  url: string,
  viewport = { width: 1200, height: 640 },
): Promise<OpenedViewer> {
  const page = await browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  // The viewer's bundle is several MB: on a busy 2-core machine the page's load event can take longer than 30 s.
  await page.goto(url, { timeout: 120000 });
  await page.waitForFunction(() => (window as { viewer?: unknown }).viewer !== undefined);
  await page.addStyleTag({ content: HIDE_PANEL_CONTROLS });
  return { page, pageErrors };
}

export function stateUrl(baseUrl: string, state: object): string {
  return `${baseUrl}/#!${encodeURIComponent(JSON.stringify(state))}`;
}

/** Two xy panels, each showing exactly one layer (the `viewer` form keeps layer subsets). */
export { sideBySideLayout as sideBySide } from '../../src/layer/side_by_side.js';

/**
 * Waits until every layer has loaded its sources and reports its visible chunks as drawn, and
 * every sff:// volume has settled the section in view: sff:// chunks arrive only after their whole
 * section was detected (and, when folded, restored or given up on). `section` is the section in
 * view when the state's third dimension is not z (e.g. zarr's z, y, x order).
 */
export async function waitForLayersReady(page: Page, timeoutMs = 90000, section?: number): Promise<void> {
  await page.waitForFunction(
    (sectionInView) => {
      const viewer = (window as any).viewer;
      const layers: any[] = viewer.layerManager.managedLayers;
      if (!(layers.length > 0 && layers.every((l) => l.layer !== null && l.isReady()))) return false;
      // The third global dimension is z for the demo's precomputed states; pass it otherwise.
      const z = sectionInView ?? Math.floor(viewer.position.value[2]);
      for (const source of viewer.chunkManager.memoize.map.values()) {
        const report = source.foldReport;
        if (report === undefined || source.parameters.processor === 'identity') continue;
        const detection = report.sections.get(z);
        if (detection === undefined) return false;
        // The user's marks (source URL options) override the detector.
        const { clean, folded, processor } = source.parameters;
        const treatedFolded = clean.includes(z) ? false : folded.includes(z) || detection.flagged;
        const restoring = treatedFolded && processor === 'restore';
        if (restoring && !['done', 'failed'].includes(report.restorations.get(z)?.state)) return false;
      }
      return true;
    },
    section,
    { timeout: timeoutMs, polling: 250 },
  );
}

export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Screenshots of each rendered data panel, left to right, as grey images (red channel). */
export async function panelImages(page: Page): Promise<Gray[]> {
  const boxes = await page.$$eval(
    '.neuroglancer-rendered-data-panel',
    (els, border) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        const x = Math.ceil(r.x) + border;
        const y = Math.ceil(r.y) + border;
        return { x, y, width: Math.floor(r.right) - border - x, height: Math.floor(r.bottom) - border - y };
      }),
    BORDER_PX,
  );
  boxes.sort((a, b) => a.x - b.x);
  // Status messages sit at the bottom of the window, over the panels.
  const shot = PNG.sync.read(
    await page.screenshot({ style: '#neuroglancer-status-container { visibility: hidden; }' }),
  );
  return boxes.map((box) => {
    const data = new Uint8Array(box.width * box.height);
    for (let y = 0; y < box.height; y++) {
      for (let x = 0; x < box.width; x++)
        data[y * box.width + x] = shot.data[((box.y + y) * shot.width + box.x + x) * 4];
    }
    return { width: box.width, height: box.height, data };
  });
}

/** Panel images once two consecutive screenshots agree (chunks arrive over several frames). */
export async function stablePanelImages(page: Page, timeoutMs = 60000): Promise<Gray[]> {
  const deadline = Date.now() + timeoutMs;
  let previous = await panelImages(page);
  while (Date.now() < deadline) {
    await page.waitForTimeout(750);
    const current = await panelImages(page);
    if (current.length === previous.length && current.every((img, i) => sameImage(img, previous[i]))) return current;
    previous = current;
  }
  throw new Error('panels did not stop changing');
}

function sameImage(a: Gray, b: Gray): boolean {
  return a.width === b.width && a.height === b.height && Buffer.compare(a.data, b.data) === 0;
}

export interface Difference {
  meanAbs: number;
  /** Fraction of pixels that differ by more than 2 grey levels. */
  fractionOff: number;
}

export function difference(a: Gray, b: Gray): Difference {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`panel sizes differ: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  }
  let sum = 0;
  let off = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    sum += d;
    if (d > 2) off++;
  }
  return { meanAbs: sum / a.data.length, fractionOff: off / a.data.length };
}

export function standardDeviation(img: Gray): number {
  let sum = 0;
  let sq = 0;
  for (const v of img.data) {
    sum += v;
    sq += v * v;
  }
  const mean = sum / img.data.length;
  return Math.sqrt(sq / img.data.length - mean * mean);
}
