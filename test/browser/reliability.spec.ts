/**
 * Nothing lost, nothing silent: a bad option value keeps the raw pixels on screen and says what
 * is wrong; a volume sff cannot restore says so in the Folds tab for as long as the tab is open.
 */
import type { Page } from 'playwright-core';
import { type FixtureServer, startFixtureServer } from './fixture_volume.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  difference,
  openViewer,
  sideBySide,
  stablePanelImages,
  standardDeviation,
  stateUrl,
  useHarness,
  waitForLayersReady,
} from './harness.js';

const harness = useHarness();
/** A section without a simulated fold in the demo volume. */
const CLEAN_SECTION = 5;

const foldTab = (page: Page) => page.locator('.sff-fold-tab');

test(
  'sff://…#mask=maybe shows the raw pixels and says what is wrong with the option',
  async () => {
    const server = harness().server.url;
    const volume = `precomputed://${server}/data/gerhard`;
    const state = {
      layers: [
        { type: 'image', source: volume, name: 'raw' },
        { type: 'image', source: `sff://${volume}#mask=maybe`, name: 'restored' },
      ],
      position: [512, 512, CLEAN_SECTION + 0.5],
      showScaleBar: false,
      showAxisLines: false,
      layout: sideBySide('raw', 'restored'),
      selectedLayer: { layer: 'restored', visible: true },
    };
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(server, state));
    try {
      await page.getByText('mask=maybe: expected on or off').first().waitFor({ timeout: 60000 });
      await waitForLayersReady(page, undefined, CLEAN_SECTION);
      const [raw, restored] = await stablePanelImages(page);
      expect(standardDeviation(raw)).toBeGreaterThan(15);
      expect(standardDeviation(restored)).toBeGreaterThan(15); // not blank
      expect(difference(raw, restored).meanAbs).toBeLessThan(0.5);
      await page.locator('.neuroglancer-tab-label', { hasText: 'Folds' }).click();
      await foldTab(page).locator('[data-sff="problem"]').getByText('mask=maybe: expected on or off').waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);

describe('a volume sff cannot restore', () => {
  let fixture: FixtureServer;
  beforeAll(async () => {
    fixture = await startFixtureServer();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  test(
    'the Folds tab says the data type is not restored, and keeps saying it',
    async () => {
      const state = {
        layers: [{ type: 'image', source: `sff://${fixture.float32Url}`, name: 'restored' }],
        layout: 'xy',
        selectedLayer: { layer: 'restored', visible: true },
      };
      const { page, pageErrors } = await openViewer(harness().browser, stateUrl(harness().server.url, state));
      try {
        await waitForLayersReady(page);
        await page.locator('.neuroglancer-tab-label', { hasText: 'Folds' }).click();
        const notice = foldTab(page).locator('[data-sff="not-restored"]');
        await notice.getByText('supports uint8 only, and this volume is float32').waitFor({ timeout: 30000 });
        // Past the 15 s of the temporary status notice, the tab still says it.
        await page.waitForTimeout(16000);
        await notice.waitFor({ timeout: 1000 });
        expect(await foldTab(page).getByText('Fold detection starts when the layer is shown').count()).toBe(0);
        expect(pageErrors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
