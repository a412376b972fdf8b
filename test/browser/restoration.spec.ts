/**
 * Restoration in the chunk worker as a user sees it, on a fold section of the demo volume: the
 * restored pixels against the ground truth (the bar is the full model's own score on the same
 * inputs in Node, minus 1 dB), the restore=off switch, and what the sff:// panel shows when the
 * models cannot be loaded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { demoState } from '../../demo/state.js';
import { detectFolds } from '../../src/core/detection/index.js';
import type { GrayImage } from '../../src/core/image.js';
import { modelsFromDirectory } from '../../src/inference/model_files.js';
import { OrtRunner } from '../../src/inference/ort_runner.js';
import { readGrayPng } from '../../src/io/png.js';
import { readInfo, readSection } from '../../src/io/precomputed/index.js';
import { MODEL_NAMES } from '../../src/restoration/eval_methods.js';
import { chooseNeighbours } from '../../src/restoration/neighbours.js';
import { restoreSection } from '../../src/restoration/pipeline.js';
import { MODELS_DIR } from '../training/model_files.js';
import { loadedChunks, pairedChunks, psnr } from './chunk_pixels.js';
import {
  difference,
  openViewer,
  stablePanelImages,
  standardDeviation,
  BROWSER_TEST_TIMEOUT_MS,
  useHarness,
  stateUrl,
  waitForLayersReady,
  root,
} from './harness.js';

const FOLD_SECTION = 14;
const SIZE = 1024;
/** The viewer may score this much (dB) below the full model's score in Node on the same inputs. */
const LADDER_SLACK_DB = 1;
/** Raw must score at least this much (dB) below the restored layer: "much lower". */
const MIN_GAIN_DB = 3;

const harness = useHarness();

test(
  'a broken models path leaves the raw pixels and says why in the status line',
  async () => {
    const volume = `precomputed://${harness().server.url}/data/gerhard`;
    const state = {
      ...demoState(harness().server.url),
      position: [512, 512, FOLD_SECTION + 0.5],
      layers: [
        { type: 'image', source: volume, name: 'raw' },
        { type: 'image', source: `sff://${volume}#models=/no-such-models/`, name: 'restored' },
      ],
    };
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(harness().server.url, state));
    try {
      const status = page.locator('#neuroglancer-status-container');
      await status.getByText(`sff: section ${FOLD_SECTION} shown raw:`).waitFor({ timeout: 120000 });
      expect(await status.innerText()).toMatch(/sff: section 14 shown raw: .*(interp|unfold|fusion)/);
      await waitForLayersReady(page);
      const [raw, served] = await stablePanelImages(page);
      expect(standardDeviation(served)).toBeGreaterThan(15); // never a blank panel
      expect(difference(raw, served).meanAbs).toBeLessThan(0.5);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);

/** The demo's simulated folds (demo/prepare.ts): section and ground-truth folder. */
const TRUTH_DIR = path.join(root, 'demo/data/gerhard_truth');
const FOLDS: { z: number; dir: string }[] = JSON.parse(readFileSync(path.join(TRUTH_DIR, 'index.json'), 'utf8')).folds;

/** A demo fold section restored in Node exactly as the worker does: its own detection, the neighbour rules. */
async function restoredInNode(z: number): Promise<GrayImage> {
  const dir = path.join(root, 'demo/data/gerhard');
  const info = readInfo(dir);
  const count = info.scales[0].size[2];
  const pair = chooseNeighbours(z, count, (k) => FOLDS.some((f) => f.z === k));
  const [prev, damaged, next] = [pair.prev, z, pair.next].map((k) => readSection(dir, info, 0, k));
  const runner = await OrtRunner.create(modelsFromDirectory(MODELS_DIR, MODEL_NAMES), { backend: 'wasm' });
  try {
    const neighbours = { prev, next, prevZ: pair.prev, nextZ: pair.next };
    return (await restoreSection({ damaged, neighbours, detection: detectFolds(damaged) }, runner)).restored;
  } finally {
    runner.dispose();
  }
}

test.each(FOLDS.map((f) => [f.z, f.dir] as const))(
  'on fold section %d the restored layer scores the full model PSNR (−1 dB) and raw much lower',
  async (z, truthDir) => {
    const nodeRestored = restoredInNode(z);
    const state = { ...demoState(harness().server.url), position: [SIZE / 2, SIZE / 2, z + 0.5] };
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(harness().server.url, state));
    try {
      await waitForLayersReady(page, 220000);
      const status = await page.locator('#neuroglancer-status-container').innerText();
      expect(status).toMatch(
        new RegExp(`sff: section ${z} restored in [0-9.]+ s \\(WASM [^,]*, in a worker of its own`),
      );
      const truth = readGrayPng(path.join(TRUTH_DIR, truthDir, 'clean.png'));
      const measure = async () => {
        await stablePanelImages(page);
        const { raw, served: shownRestored } = pairedChunks(await loadedChunks(page, z, SIZE));
        return { raw, rawDb: psnr(raw, truth), restoredDb: psnr(shownRestored, truth), shownRestored };
      };
      // "restored" arrives with the first block; the other blocks in view follow as they finish.
      let m = await measure();
      let ladderDb = psnr(m.shownRestored, truth, await nodeRestored);
      for (let waited = 0; m.restoredDb < ladderDb - LADDER_SLACK_DB && waited < 120000; waited += 5000) {
        await new Promise((resolve) => setTimeout(resolve, 5000));
        m = await measure();
        ladderDb = psnr(m.shownRestored, truth, await nodeRestored);
      }
      const { raw, rawDb, restoredDb } = m;
      expect(raw.length).toBeGreaterThan(50);
      console.log(
        `section ${z}, ${raw.length} chunks in view: raw ${rawDb.toFixed(2)} dB, restored ${restoredDb.toFixed(2)} dB, full model in Node ${ladderDb.toFixed(2)} dB`,
      );
      expect(restoredDb).toBeGreaterThan(ladderDb - LADDER_SLACK_DB);
      expect(rawDb).toBeLessThan(restoredDb - MIN_GAIN_DB);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);

test(
  'restore=off in the source URL shows the raw pixels on a fold section',
  async () => {
    const volume = `precomputed://${harness().server.url}/data/gerhard`;
    const state = {
      ...demoState(harness().server.url),
      layers: [
        { type: 'image', source: volume, name: 'raw' },
        { type: 'image', source: `sff://${volume}#restore=off`, name: 'restored' },
      ],
    };
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(harness().server.url, state));
    try {
      await waitForLayersReady(page);
      const [raw, served] = await stablePanelImages(page);
      expect(standardDeviation(served)).toBeGreaterThan(15);
      expect(difference(raw, served).meanAbs).toBeLessThan(0.5);
      // The canonical source URL keeps the option, so a copied state reproduces the view.
      const source = await page.evaluate(() => JSON.stringify((window as any).viewer.state.toJSON().layers[1].source));
      expect(source).toContain('#restore=off');
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);
