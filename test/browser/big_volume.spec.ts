/**
 * Large volumes as a user meets them (issue 11): an 8192² × 3 volume with a simulated fold
 * (test/browser/big_volume.ts), opened raw, through sff:// and as its ground truth in three linked
 * panels at full resolution on the fold. The restored panel must beat the raw one against the
 * truth by ≥ 6 dB on screen, and in clean tissue the sff:// chunks must be the raw bytes.
 */
import { demoState } from '../../demo/state.js';
import { foldLine, signedDistance } from '../../src/core/simulation/index.js';
import {
  CI_FOLD,
  CI_FOLD_SECTION,
  CI_SIZE,
  CI_VOLUME,
  ciBigVolume,
  compareCleanChunks,
  psnrOnScreen,
} from './big_volume.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  openViewer,
  standardDeviation,
  stateUrl,
  useHarness,
  waitForLayersReady,
} from './harness.js';

/** The restored panel must score this much (dB) above the raw one against the truth. */
const MIN_GAIN_DB = 6;
/** Beyond the pull's reach plus this (the nets' receptive field, generously) a chunk is clean tissue. */
const CLEAN_MARGIN = 1024;

const harness = useHarness();

function threePanels(base: string, x: number, y: number): object {
  const volume = `precomputed://${base}/data/${CI_VOLUME}`;
  const panel = (layer: string) => ({ type: 'viewer', layout: 'xy', layers: [layer] });
  return {
    ...demoState(base),
    position: [x, y, CI_FOLD_SECTION + 0.5],
    crossSectionScale: 1,
    layers: [
      { type: 'image', source: `${volume}/degraded`, name: 'raw' },
      { type: 'image', source: `sff://${volume}/degraded`, name: 'restored' },
      { type: 'image', source: `${volume}/truth`, name: 'truth' },
    ],
    layout: { type: 'row', children: [panel('raw'), panel('restored'), panel('truth')] },
    showScaleBar: false,
  };
}

/** True when every pixel of the box lies beyond the fold's reach plus the margin. */
function farFromFold(x0: number, y0: number, x1: number, y1: number): boolean {
  const line = foldLine(CI_FOLD);
  const d = [x0, x1 - 1].flatMap((x) => [y0, y1 - 1].map((y) => signedDistance(line, x, y)));
  const reach = CI_FOLD.L + (CI_FOLD.F - CI_FOLD.L) / CI_FOLD.s;
  return (d.every((v) => v > 0) || d.every((v) => v < 0)) && Math.min(...d.map(Math.abs)) > reach + CLEAN_MARGIN;
}

beforeAll(async () => {
  await ciBigVolume();
}, 600000);

test(
  'at full zoom on a fold of an 8192² section the sff:// panel is restored, and clean tissue is the raw bytes',
  async () => {
    const base = harness().server.url;
    // The middle of the fold line, then clean tissue ~2000 px from it on the same section.
    const onFold = [(CI_FOLD.x0 + CI_FOLD.x1) / 2, (CI_FOLD.y0 + CI_FOLD.y1) / 2];
    const { page, pageErrors } = await openViewer(
      harness().browser,
      stateUrl(base, threePanels(base, onFold[0], onFold[1])),
    );
    try {
      await waitForLayersReady(page, 220000, CI_FOLD_SECTION);
      const status = page.locator('#neuroglancer-status-container');
      await status.getByText(new RegExp(`sff: section ${CI_FOLD_SECTION} .*restored`)).waitFor({ timeout: 220000 });
      // "restored" arrives with the first block; the blocks in view follow as they finish.
      let db = await psnrOnScreen(page);
      for (let waited = 0; db.restored < db.raw + MIN_GAIN_DB && waited < 180000; waited += 5000) {
        await new Promise((resolve) => setTimeout(resolve, 5000));
        db = await psnrOnScreen(page);
      }
      console.log(`on the fold at full zoom: raw ${db.raw.toFixed(2)} dB, restored ${db.restored.toFixed(2)} dB`);
      // Tissue, not a blank panel (uniform grey beats the black band by ~3 dB on its own).
      expect(standardDeviation(db.panels[1])).toBeGreaterThan(15);
      expect(db.restored).toBeGreaterThanOrEqual(db.raw + MIN_GAIN_DB);

      await page.evaluate(
        ([x, y, z]) => ((window as any).viewer.position.value = Float32Array.of(x, y, z)),
        [6000, 1200, CI_FOLD_SECTION + 0.5],
      );
      await waitForLayersReady(page, 220000, CI_FOLD_SECTION);
      const clean = await psnrOnScreen(page);
      expect(clean.restored).toBe(clean.raw); // identical panels score alike (Infinity when equal to truth)
      // Ready can be read just before the moved view's chunks are asked for: look until they are in.
      let chunks = await compareCleanChunks(page, CI_SIZE, CI_FOLD_SECTION, farFromFold);
      for (let waited = 0; chunks.compared === 0 && waited < 60000; waited += 1000) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await waitForLayersReady(page, 220000, CI_FOLD_SECTION);
        chunks = await compareCleanChunks(page, CI_SIZE, CI_FOLD_SECTION, farFromFold);
      }
      expect(chunks.compared).toBeGreaterThan(0);
      expect(chunks.differing).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);
