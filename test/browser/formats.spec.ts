/**
 * `sff://` over the volume formats labs publish, in the built viewer (headless Chromium): zarr v2
 * (zarr-python), zarr v3 with a sharding_indexed shard (tensorstore) and sharded JPEG precomputed
 * (tensorstore) — the committed fixtures of other tools (test/fixtures/zarr/README.md), four 256²
 * sections of real tissue with a simulated fold on section 2. On each, the fold section must be
 * restored: pixels differ from the raw layer where the dark band was, and are tissue there, not black.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { serveDirectory } from './fixture_volume.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  type Gray,
  openViewer,
  root,
  sideBySide,
  stablePanelImages,
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

/**
 * Section `z` of the full-resolution chunks the page holds, per layer kind ('sff' or 'raw'), as
 * 256² images (`loaded` marks the pixels some chunk in memory covers).
 */
async function sectionFromChunks(page: Page, z: number): Promise<Record<string, Gray & { loaded: Uint8Array }>> {
  const raw = await page.evaluate(
    ({ z, size, depth }) => {
      const out: Record<string, { data: number[]; loaded: number[] }> = {};
      for (const source of (window as any).viewer.chunkManager.memoize.map.values()) {
        const spec = source.spec;
        if (source.chunks === undefined || spec?.upperVoxelBound === undefined) continue;
        const dims = [...spec.upperVoxelBound].slice(0, 3);
        // z is the short dimension (x, y, z for precomputed; zarr's z, y, x if kept in that order).
        const zAxis = dims.indexOf(depth);
        if (!(zAxis === 0 || zAxis === 2) || dims.filter((d) => d === size).length !== 2) continue;
        const xAxis = 2 - zAxis;
        const kind = source.RPC_TYPE_ID === 'sff/VolumeChunkSource' ? 'sff' : 'raw';
        const img = (out[kind] ??= { data: new Array(size * size).fill(0), loaded: new Array(size * size).fill(0) });
        for (const chunk of source.chunks.values()) {
          if (!chunk.data) continue;
          const size3 = [...(chunk.chunkDataSize ?? spec.chunkDataSize)];
          const origin = [0, 1, 2].map((d) => chunk.chunkGridPosition[d] * spec.chunkDataSize[d]);
          const dz = z - origin[zAxis];
          if (dz < 0 || dz >= size3[zAxis]) continue;
          const yAxis = 1;
          // Chunk data is x fastest in the chunk's own dimension order (dimension 0 fastest).
          const stride = [1, size3[0], size3[0] * size3[1]];
          for (let y = 0; y < size3[yAxis]; y++) {
            for (let x = 0; x < size3[xAxis]; x++) {
              const i = x * stride[xAxis] + y * stride[yAxis] + dz * stride[zAxis];
              const o = (origin[yAxis] + y) * size + origin[xAxis] + x;
              img.data[o] = chunk.data[i];
              img.loaded[o] = 1;
            }
          }
        }
      }
      return out;
    },
    { z, size: 256, depth: 4 },
  );
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [
      k,
      { width: 256, height: 256, data: Uint8Array.from(v.data), loaded: Uint8Array.from(v.loaded) },
    ]),
  );
}

// Zarr's dimensions are z, y, x: the "yz" panel of the first two is a section, at z = d0.
const [XY_M, Z_M] = [4.6e-9, 5e-8]; // the fixtures' voxel size
const zarrView = {
  dimensions: { z: [Z_M, 'm'], y: [XY_M, 'm'], x: [XY_M, 'm'] },
  position: [FOLD_SECTION + 0.5, 128, 128],
  layout: (raw: string, restored: string) => ({
    type: 'row',
    children: [raw, restored].map((layer) => ({ type: 'viewer', layout: 'yz', layers: [layer] })),
  }),
};
const precomputedView = {
  dimensions: { x: [XY_M, 'm'], y: [XY_M, 'm'], z: [Z_M, 'm'] },
  position: [128, 128, FOLD_SECTION + 0.5],
  layout: sideBySide,
};

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
      // With the dimensions given, crossSectionScale is in voxels per screen pixel: the 256²
      // section fills most of a panel.
      dimensions: view.dimensions,
      position: view.position,
      crossSectionScale: 0.45,
      showScaleBar: false,
      showAxisLines: false,
      layout: view.layout('raw', 'restored'),
    };
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(harness().server.url, state));
    try {
      await waitForLayersReady(page, 220000, FOLD_SECTION);
      // Each scale's block reports on its own; the line names the section restored once one is done.
      await page
        .locator('#neuroglancer-status-container')
        .getByText(new RegExp(`sff: section ${FOLD_SECTION} restored in [0-9.]+ s`))
        .first()
        .waitFor({ timeout: 120000 });
      await stablePanelImages(page);
      const { raw, sff: restored } = await sectionFromChunks(page, FOLD_SECTION);
      const both = (i: number): boolean => raw.loaded[i] === 1 && restored.loaded[i] === 1;
      const shown = raw.data.filter((_, i) => both(i)).length;
      expect(shown).toBeGreaterThan(0.5 * 256 * 256); // most of the section is in view in both layers
      // The simulated band is black in the raw section (bandGain 0)…
      const band = (i: number): boolean => both(i) && raw.data[i] < 8;
      const fraction = raw.data.filter((_, i) => band(i)).length / shown;
      expect(fraction).toBeGreaterThan(0.01);
      // …and tissue in the restored one: tissue-bright (the sections' mean is ~128) and textured.
      const mean = meanWhere(restored, band);
      let sq = 0;
      let n = 0;
      restored.data.forEach((v, i) => {
        if (band(i)) {
          sq += (v - mean) ** 2;
          n++;
        }
      });
      const std = Math.sqrt(sq / n);
      console.log(
        `${fixture}: band ${(100 * fraction).toFixed(1)} % of the section; restored there mean ${mean.toFixed(1)}, std ${std.toFixed(1)}`,
      );
      expect(mean).toBeGreaterThan(70);
      expect(std).toBeGreaterThan(8);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);
