/**
 * `#folds=<catalogue URL>` as a user sees it: the demo volume opened with the catalogue that
 * `sff detect --precomputed` wrote for it shows restored pixels in the fold band and says the
 * folds came from the catalogue; a deliberately wrong but valid catalogue (the real fold section
 * marked clean, a clean section given its fold) is followed, so nothing was detected; a missing
 * catalogue leaves raw pixels and one status line naming it.
 */
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { bandMask } from '../../src/core/geometry/band.js';
import type { SectionGeometry } from '../../src/core/geometry/fold_geometry.js';
import { readGrayPng } from '../../src/io/png.js';
import type { Catalogue } from '../../src/offline/catalogue.js';
import { ensureCliBuilt, sff } from '../core/evaluation/cli_support.js';
import { type ChunkPixels, loadedChunks, pairedChunks, psnr } from './chunk_pixels.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  difference,
  openViewer,
  root,
  sideBySide,
  stablePanelImages,
  stateUrl,
  useHarness,
  waitForLayersReady,
} from './harness.js';

const SIZE = 1024;
const FOLD = 14;
const CLEAN = 5;
const DATA = path.join(root, 'demo', 'data');
/** Served by the demo server under /data; removed after the tests. */
const CATALOGUE = `test-catalogue-${process.pid}`;
const WRONG = `test-catalogue-wrong-${process.pid}`;
const truthDir: string = JSON.parse(readFileSync(path.join(DATA, 'gerhard_truth', 'index.json'), 'utf8')).folds.find(
  (f: { z: number }) => f.z === FOLD,
).dir;

const harness = useHarness();
let catalogue: Catalogue;

beforeAll(() => {
  ensureCliBuilt('detect', ['src/core/detection', 'src/core/geometry', 'src/offline', 'src/io/precomputed']);
  const run = sff('detect', '--precomputed', path.join(DATA, 'gerhard'), '--out', path.join(DATA, CATALOGUE));
  expect(run.stderr).toBe('');
  catalogue = JSON.parse(readFileSync(path.join(DATA, CATALOGUE, 'folds.json'), 'utf8'));
  // Valid, but not what detection finds: the fold of section FOLD moved onto clean section CLEAN.
  const wrong: Catalogue = JSON.parse(JSON.stringify(catalogue));
  const { geometry, score } = wrong.sections[FOLD];
  wrong.sections[CLEAN] = { ...wrong.sections[CLEAN], flagged: true, score, geometry };
  wrong.sections[FOLD] = { ...wrong.sections[FOLD], flagged: false, segments: [], geometry: undefined };
  mkdirSync(path.join(DATA, WRONG), { recursive: true });
  writeFileSync(path.join(DATA, WRONG, 'folds.json'), JSON.stringify(wrong));
}, 300_000);
afterAll(() => {
  for (const name of [CATALOGUE, WRONG]) rmSync(path.join(DATA, name), { recursive: true, force: true });
});

function state(folds: string, z: number): object {
  const volume = `precomputed://${harness().server.url}/data/gerhard`;
  return {
    dimensions: { x: [4.6e-9, 'm'], y: [4.6e-9, 'm'], z: [5e-8, 'm'] },
    position: [SIZE / 2, SIZE / 2, z + 0.5],
    crossSectionScale: 1.2,
    layers: [
      { type: 'image', source: volume, name: 'raw' },
      { type: 'image', source: `sff://${volume}#folds=${folds}`, name: 'restored' },
    ],
    layout: sideBySide('raw', 'restored'),
    showAxisLines: false,
    showScaleBar: false,
    showDefaultAnnotations: false,
  };
}

const statusOf = (page: Page): Promise<string> => page.locator('#neuroglancer-status-container').innerText();

/** The raw and the sff:// layer's chunks of section z, the same chunks of each. */
async function shownChunks(page: Page, z: number): Promise<{ raw: ChunkPixels[]; served: ChunkPixels[] }> {
  await stablePanelImages(page);
  return pairedChunks(await loadedChunks(page, z, SIZE));
}

const bandOf = (geometry: SectionGeometry): Uint8Array => bandMask(geometry, { x: 0, y: 0, width: SIZE, height: SIZE });

test(
  'the catalogue of sff detect --precomputed: restored pixels in the band, folds from the catalogue',
  async () => {
    const url = harness().server.url;
    const { page, pageErrors } = await openViewer(
      harness().browser,
      stateUrl(url, state(`${url}/data/${CATALOGUE}/folds.json`, FOLD)),
    );
    try {
      await waitForLayersReady(page, 220000);
      const status = await statusOf(page);
      // Only the sections the viewer touched are read: the one in view and its neighbours.
      expect(status).toMatch(new RegExp(`sff: 1 fold section in the fold catalogue \\(z ${FOLD}; \\d+ checked\\)`));
      expect(status).toMatch(new RegExp(`sff: section ${FOLD} restored in [0-9.]+ s`));
      const truth = readGrayPng(path.join(DATA, 'gerhard_truth', truthDir, 'clean.png'));
      const band = bandOf(catalogue.sections[FOLD].geometry!);
      // The first block brings "restored"; the others in view follow.
      let m = { rawDb: 0, restoredDb: 0, chunks: 0 };
      for (let waited = 0; waited <= 120000; waited += 5000) {
        const { raw, served } = await shownChunks(page, FOLD);
        m = {
          rawDb: psnr(raw, truth, undefined, band),
          restoredDb: psnr(served, truth, undefined, band),
          chunks: raw.length,
        };
        if (m.restoredDb > m.rawDb + 6) break;
        await page.waitForTimeout(5000);
      }
      console.log(
        `catalogue: section ${FOLD} band, ${m.chunks} chunks: raw ${m.rawDb.toFixed(2)} dB, restored ${m.restoredDb.toFixed(2)} dB`,
      );
      expect(m.chunks).toBeGreaterThan(50);
      expect(m.restoredDb).toBeGreaterThan(m.rawDb + 6);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);

test(
  'a wrong but valid catalogue is followed: nothing is detected',
  async () => {
    const url = harness().server.url;
    const { page, pageErrors } = await openViewer(
      harness().browser,
      stateUrl(url, state(`${url}/data/${WRONG}/folds.json`, CLEAN)),
    );
    try {
      await waitForLayersReady(page, 220000);
      const status = await statusOf(page);
      expect(status).toMatch(/sff: \d+ fold sections? in the fold catalogue \(z [0-9, ]*\b5\b/);
      expect(status).not.toMatch(new RegExp(`\\(z [0-9, ]*\\b${FOLD}\\b[0-9, ]*;`));
      // The clean section is restored along the fold the catalogue gave it: its band changes.
      const band = bandOf(catalogue.sections[FOLD].geometry!);
      let changed = 0;
      for (let waited = 0; waited <= 120000 && changed < 5; waited += 5000) {
        const { raw, served } = await shownChunks(page, CLEAN);
        let [sum, n] = [0, 0];
        served.forEach((c, k) =>
          c.data.forEach((v, i) => {
            if (!band[(c.y + Math.floor(i / c.width)) * SIZE + c.x + (i % c.width)]) return;
            sum += Math.abs(v - raw[k].data[i]);
            n++;
          }),
        );
        changed = n > 0 ? sum / n : 0;
        if (changed < 5) await page.waitForTimeout(5000);
      }
      console.log(`wrong catalogue: section ${CLEAN} band changed by ${changed.toFixed(1)} grey levels on average`);
      expect(changed).toBeGreaterThan(5);
      // The real fold section, clean in this catalogue, is served raw.
      await page.evaluate((z) => ((window as any).viewer.position.value = Float32Array.of(512, 512, z + 0.5)), FOLD);
      await waitForLayersReady(page, 120000);
      const { raw, served } = await shownChunks(page, FOLD);
      expect(served.length).toBeGreaterThan(50);
      expect(served.every((c, k) => c.data.every((v, i) => v === raw[k].data[i]))).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);

test(
  'a catalogue that is not there: raw pixels and one status line naming it',
  async () => {
    const url = harness().server.url;
    const missing = `${url}/data/no-such-catalogue/folds.json`;
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(url, state(missing, FOLD)));
    try {
      const line = page.locator('#neuroglancer-status-container').getByText(`fold catalogue ${missing}: HTTP 404`);
      await line.waitFor({ timeout: 120000 });
      expect(await line.innerText()).toBe(
        `sff: precomputed://${url}/data/gerhard shown raw: fold catalogue ${missing}: HTTP 404`,
      );
      await waitForLayersReady(page);
      const [raw, served] = await stablePanelImages(page);
      expect(difference(raw, served).meanAbs).toBeLessThan(0.5);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);
