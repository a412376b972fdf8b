/**
 * The `sff://` layer as a user sees it, in headless Chromium against the built viewer and the
 * demo server (`npm run build && npm run demo:prepare` first).
 */
import { demoLink, demoState } from '../../demo/state.js';
import { type FixtureServer, startFixtureServer } from './fixture_volume.js';
import {
  difference,
  openViewer,
  sideBySide,
  stablePanelImages,
  standardDeviation,
  BROWSER_TEST_TIMEOUT_MS,
  useHarness,
  stateUrl,
  waitForLayersReady,
} from './harness.js';

/** Time allowed for the first fold section to be restored (WASM, shared CPU). */
const RESTORE_WAIT_MS = 220000;

/** A section without a simulated fold in the demo volume (folds: demo/data/manifest.json). */
const CLEAN_SECTION = 5;
/** A clean section of the zarr copy of the demo volume. */
const ZARR_SECTION = 10;

const harness = useHarness();

/** Opens `state`, waits for both panels, and checks the right one equals the left one. */
async function expectSamePixels(state: object, section?: number): Promise<void> {
  const { page, pageErrors } = await openViewer(harness().browser, stateUrl(harness().server.url, state));
  try {
    await waitForLayersReady(page, undefined, section);
    const [raw, restored] = await stablePanelImages(page);
    expect(standardDeviation(raw)).toBeGreaterThan(15); // real EM texture, not a blank panel
    const diff = difference(raw, restored);
    expect(diff.meanAbs).toBeLessThan(0.5);
    expect(diff.fractionOff).toBeLessThan(0.001);
    // The right panel really went through our chunk sources, and they delivered chunks.
    const sffChunks = await page.evaluate(() => {
      const sources = [...(window as any).viewer.chunkManager.memoize.map.values()];
      return sources
        .filter((s: any) => s.RPC_TYPE_ID === 'sff/VolumeChunkSource')
        .reduce((n: number, s: any) => n + s.chunks.size, 0);
    });
    expect(sffChunks).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  } finally {
    await page.close();
  }
}

test(
  'sff:// over precomputed shows the raw pixels on a clean section',
  async () => {
    await expectSamePixels({
      ...demoState(harness().server.url),
      position: [512, 512, CLEAN_SECTION + 0.5],
      showScaleBar: false,
      layout: sideBySide('raw', 'restored'),
    });
  },
  BROWSER_TEST_TIMEOUT_MS,
);

test(
  'sff:// over zarr shows the same pixels as the raw zarr layer',
  async () => {
    const zarr = `zarr2://${harness().server.url}/data/gerhard.zarr`;
    // Zarr's dimensions are z, y, x: the "yz" panel of the first two is a section, at z = d0.
    const panel = (layer: string) => ({ type: 'viewer', layout: 'yz', layers: [layer] });
    await expectSamePixels(
      {
        layers: [
          { type: 'image', source: zarr, name: 'raw' },
          { type: 'image', source: `sff://${zarr}`, name: 'restored' },
        ],
        position: [ZARR_SECTION + 0.5, 512, 512],
        showScaleBar: false,
        showAxisLines: false,
        layout: { type: 'row', children: [panel('raw'), panel('restored')] },
      },
      ZARR_SECTION,
    );
  },
  BROWSER_TEST_TIMEOUT_MS,
);

test(
  'a broken or malformed sff:// source shows a clear error on the layer',
  async () => {
    const missing = `precomputed://${harness().server.url}/data/no-such-volume`;
    const state = {
      layers: [
        { type: 'image', source: `sff://${missing}`, name: 'broken' },
        { type: 'image', source: 'sff://sff://precomputed://gs://b/v', name: 'nested' },
      ],
      selectedLayer: { layer: 'broken', visible: true },
      layout: 'xy',
    };
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(harness().server.url, state));
    try {
      const messagesOf = (name: string) =>
        page.waitForFunction(
          (layerName) => {
            const layer = (window as any).viewer.layerManager.getLayerByName(layerName)?.layer;
            const texts = [...(layer?.dataSources[0]?.messages ?? [])].map((m: any) => m.message);
            return texts.length > 0 ? texts : undefined;
          },
          name,
          { timeout: 60000, polling: 250 },
        );
      expect(await (await messagesOf('broken')).jsonValue()).toEqual([
        expect.stringContaining(`sff: cannot open ${missing}`),
      ]);
      expect(await (await messagesOf('nested')).jsonValue()).toEqual([
        expect.stringContaining('cannot wrap another sff:// source'),
      ]);
      // What the user sees: the message in the layer's side panel, not a blank or crashed viewer.
      await page.getByText(`sff: cannot open ${missing}`).first().waitFor({ timeout: 30000 });
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);

describe('volumes the demo lacks', () => {
  let fixture: FixtureServer;
  beforeAll(async () => {
    fixture = await startFixtureServer();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  const pair = (url: string) => ({
    layers: [
      { type: 'image', source: url, name: 'raw' },
      { type: 'image', source: `sff://${url}`, name: 'restored' },
    ],
    showScaleBar: false,
    showAxisLines: false,
    layout: sideBySide('raw', 'restored'),
  });

  test(
    'a missing chunk shows as it does on the raw layer',
    async () => {
      await expectSamePixels(pair(fixture.uint8Url));
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  test(
    'a non-uint8 volume is served unchanged, with a "uint8 only" notice',
    async () => {
      const { page, pageErrors } = await openViewer(
        harness().browser,
        stateUrl(harness().server.url, pair(fixture.float32Url)),
      );
      try {
        await page.getByText('restoration supports uint8 only').first().waitFor({ timeout: 60000 });
        await waitForLayersReady(page);
        const [raw, restored] = await stablePanelImages(page);
        expect(standardDeviation(raw)).toBeGreaterThan(15);
        expect(difference(raw, restored).meanAbs).toBeLessThan(0.5);
        expect(pageErrors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

test(
  'the demo link opens two panels, raw left and restored right',
  async () => {
    const { page, pageErrors } = await openViewer(harness().browser, demoLink(harness().server.url));
    try {
      // The demo opens on a fold section: ready means restored, which takes a while on 2 cores.
      await waitForLayersReady(page, RESTORE_WAIT_MS);
      const panels = await page.$$eval('.neuroglancer-layer-group-viewer', (groups) =>
        groups
          .map((g) => ({
            x: g.getBoundingClientRect().x,
            layers: [...g.querySelectorAll('.neuroglancer-layer-item-label')].map((l) => l.textContent),
          }))
          .sort((a, b) => a.x - b.x)
          .map((g) => g.layers),
      );
      expect(panels).toEqual([['raw'], ['restored']]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);
