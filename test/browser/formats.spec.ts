/**
 * `sff://` over the volume formats labs publish, in the built viewer (headless Chromium): zarr v2
 * (zarr-python), zarr v3 with a sharding_indexed shard (tensorstore) and sharded JPEG precomputed
 * (tensorstore) — the committed fixtures of other tools (test/fixtures/zarr/README.md), four 256²
 * sections of real tissue with a simulated fold on section 2. On each, the fold section must be
 * restored: pixels differ from the raw layer where the dark band was, and are tissue there, not black.
 */
import path from 'node:path';
import { serveDirectory } from './fixture_volume.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  type Gray,
  openViewer,
  root,
  sideBySide,
  stablePanelImages,
  standardDeviation,
  stateUrl,
  useHarness,
  waitForLayersReady,
} from './harness.js';

const FOLD_SECTION = 2;
const harness = useHarness();
let fixtures: Awaited<ReturnType<typeof serveDirectory>>;
beforeAll(async () => {
  fixtures = await serveDirectory(path.join(root, 'test', 'fixtures'));
});
afterAll(() => fixtures.close());

/** Mean of `img` over the pixels where `mask` holds. */
function meanWhere(img: Gray, mask: (i: number) => boolean): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < img.data.length; i++) {
    if (mask(i)) {
      sum += img.data[i];
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

// Zarr's dimensions are z, y, x: the "yz" panel of the first two is a section, at z = d0.
const zarrView = {
  position: [FOLD_SECTION + 0.5, 128, 128],
  layout: (raw: string, restored: string) => ({
    type: 'row',
    children: [raw, restored].map((layer) => ({ type: 'viewer', layout: 'yz', layers: [layer] })),
  }),
};
const precomputedView = { position: [128, 128, FOLD_SECTION + 0.5], layout: sideBySide };

test.each([
  ['zarr v2 (zarr-python)', 'zarr2', 'zarr/fold_v2.zarr', zarrView],
  ['zarr v3, sharded (tensorstore)', 'zarr3', 'zarr/fold_v3.zarr', zarrView],
  ['sharded JPEG precomputed (tensorstore)', 'precomputed', 'precomputed/ts_sharded_jpeg', precomputedView],
])(
  'sff:// over %s restores the fold section',
  async (_, scheme, fixture, view) => {
    const source = `${scheme}://${fixtures.url}/${fixture}`;
    const state = {
      layers: [
        { type: 'image', source, name: 'raw' },
        { type: 'image', source: `sff://${source}`, name: 'restored' },
      ],
      position: view.position,
      crossSectionScale: 0.45,
      showScaleBar: false,
      showAxisLines: false,
      layout: view.layout('raw', 'restored'),
    };
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(harness().server.url, state));
    try {
      await waitForLayersReady(page, 220000, FOLD_SECTION);
      const status = await page.locator('#neuroglancer-status-container').innerText();
      expect(status).toMatch(new RegExp(`sff: section ${FOLD_SECTION} restored in [0-9.]+ s`));
      const [raw, restored] = await stablePanelImages(page);
      expect(standardDeviation(raw)).toBeGreaterThan(15); // the volume is drawn, not a blank panel
      // Where restoration changed the picture (the band and the tissue dragged toward it)…
      const changed = (i: number): boolean => Math.abs(raw.data[i] - restored.data[i]) > 20;
      const fraction = raw.data.filter((_, i) => changed(i)).length / raw.data.length;
      expect(fraction).toBeGreaterThan(0.01);
      // …the raw pixels are the dark band, the restored ones tissue-bright (the tissue's mean is ~128).
      const rawThere = meanWhere(raw, changed);
      const restoredThere = meanWhere(restored, changed);
      console.log(
        `${fixture}: ${(100 * fraction).toFixed(1)} % of the panel changed; mean there raw ${rawThere.toFixed(1)}, restored ${restoredThere.toFixed(1)}`,
      );
      expect(restoredThere).toBeGreaterThan(rawThere + 20);
      expect(restoredThere).toBeGreaterThan(70);
      expect(standardDeviation(restored)).toBeGreaterThan(15);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);
