/**
 * The sff:// layer's "Folds" tab as a user drives it, on the demo's fold section 14, in one page
 * (restoring a section takes ~40 s of WASM here, so the steps share it): the side-by-side action,
 * the fold list and annotations, the mask overlay, the restore toggle (raw pixels and previews while the
 * restoration runs, restored ones after), a manual override, jumping to a section, and a copied
 * state URL reproducing the view in a new page.
 */
import type { Page } from 'playwright-core';
import { demoState } from '../../demo/state.js';
import {
  difference,
  type Gray,
  openViewer,
  panelImages,
  stablePanelImages,
  standardDeviation,
  stateUrl,
  useHarness,
  waitForLayersReady,
} from './harness.js';

const FOLD_SECTION = 14;
const CLEAN_SECTION = 5;
/** One restoration (~40–120 s on the loaded 2-core machine) plus several source reloads. */
const TIMEOUT_MS = 480000;

const harness = useHarness();

const tab = (page: Page) => page.locator('.sff-fold-tab');

/**
 * The sff:// layer's source URL once Neuroglancer has loaded the source it names (the spec
 * changes at once, the loaded source after a reload), else ''.
 */
function loadedSourceUrl(page: Page): Promise<string> {
  return page.evaluate(() => {
    const source = (window as any).viewer.layerManager.getLayerByName('restored').layer.dataSources[0];
    return source.loadState?.dataSource?.canonicalUrl === source.spec.url ? (source.spec.url as string) : '';
  });
}

/** Waits until the loaded source URL satisfies `test`, then until the panels have settled. */
async function settled(page: Page, test: (url: string) => boolean, timeoutMs = 60000): Promise<Gray[]> {
  const deadline = Date.now() + timeoutMs;
  while (!test(await loadedSourceUrl(page))) {
    if (Date.now() > deadline) throw new Error(`source URL stayed ${await loadedSourceUrl(page)}`);
    await page.waitForTimeout(200);
  }
  await waitForLayersReady(page, timeoutMs);
  return stablePanelImages(page);
}

function meanOf(img: Gray): number {
  return img.data.reduce((sum, v) => sum + v, 0) / img.data.length;
}

test(
  'the Folds tab toggles restoration, the mask and overrides, and the state URL carries them',
  async () => {
    const server = harness().server.url;
    const volume = `precomputed://${server}/data/gerhard`;
    const state = {
      ...demoState(server),
      layers: [{ type: 'image', source: `sff://${volume}#restore=off`, name: 'restored' }],
      layout: 'xy',
      selectedLayer: { layer: 'restored', visible: true },
    };
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(server, state));
    try {
      await waitForLayersReady(page);
      await page.locator('.neuroglancer-tab-label', { hasText: 'Folds' }).click();

      // One action: the raw source beside the sff:// layer, in two panels.
      await tab(page).locator('[data-sff="side-by-side"]').click();
      const [raw, off] = await settled(page, (url) => url.endsWith('#restore=off'));
      const layout = await page.evaluate(() => (window as any).viewer.layout.toJSON());
      expect(layout.children.map((c: any) => c.layers)).toEqual([['restored (raw)'], ['restored']]);
      expect(standardDeviation(raw)).toBeGreaterThan(15);
      expect(difference(raw, off).meanAbs).toBeLessThan(0.5);

      // The detected fold: listed with its score, and drawn as a line annotation of the layer on demand.
      await tab(page).getByText(new RegExp(`score 1\\.00 — shown raw \\(restoration off\\)`)).waitFor();
      await tab(page).locator('[data-sff="lines"]').check();
      await page.waitForFunction(
        () =>
          (window as any).viewer.state.toJSON().layers.find((l: any) => l.name === 'restored').source.subsources
            ?.folds === true,
      );
      const annotations = await page.evaluate(() => {
        const layer = (window as any).viewer.layerManager.getLayerByName('restored').layer;
        return [...layer.annotationStates.states].flatMap((s: any) =>
          [...s.source.annotationMap.values()].map((a: any) => a.description),
        );
      });
      expect(annotations).toContainEqual(
        expect.stringMatching(`^fold 1 of \\d+ in section ${FOLD_SECTION} \\(score 1.00\\)$`),
      );
      const [, lined] = await stablePanelImages(page);
      expect(difference(raw, lined).fractionOff).toBeGreaterThan(0.001);
      await tab(page).locator('[data-sff="lines"]').uncheck();

      // Mask overlay: the fold band is brightened, nothing else changes.
      await tab(page).locator('[data-sff="mask"]').check();
      const [, masked] = await settled(page, (url) => url.includes('mask=on'));
      expect(meanOf(masked)).toBeGreaterThan(meanOf(raw) + 1);
      expect(difference(raw, masked).fractionOff).toBeLessThan(0.2);
      await tab(page).locator('[data-sff="mask"]').uncheck();

      // Restore on: the fold section is served restored.
      await tab(page).locator('[data-sff="restore"]').check();
      // While the worker restores the section, tissue is shown, not a blank panel: its raw pixels,
      // and each block's preview (no nets) as soon as it is ready.
      await tab(page).getByText('restoring (').waitFor({ timeout: 60000 });
      await page.waitForFunction(() =>
        (window as any).viewer.layerManager.managedLayers.every((l: any) => l.isReady()),
      );
      const [, whileRestoring] = await panelImages(page);
      expect(standardDeviation(whileRestoring)).toBeGreaterThan(15);
      expect(Math.abs(meanOf(whileRestoring) - meanOf(raw))).toBeLessThan(10);
      const [, restored] = await settled(
        page,
        (url) => url !== '' && !url.includes('restore=off') && !url.includes('mask'),
        300000,
      );
      expect(difference(raw, restored).fractionOff).toBeGreaterThan(0.02);

      // Override: marked clean, the section is served raw again.
      await tab(page).locator(`[data-z="${FOLD_SECTION}"] [data-sff="mark"]`).first().selectOption('clean');
      const [, overridden] = await settled(page, (url) => url.endsWith(`#clean=${FOLD_SECTION}`));
      expect(difference(raw, overridden).meanAbs).toBeLessThan(0.5);

      // A copied state URL shows the same view in a fresh page.
      const link = stateUrl(server, await page.evaluate(() => (window as any).viewer.state.toJSON()));
      const copy = await openViewer(harness().browser, link);
      try {
        await waitForLayersReady(copy.page);
        const copied = await stablePanelImages(copy.page);
        expect(copied).toHaveLength(2);
        expect(difference(copied[0], raw).meanAbs).toBeLessThan(0.5);
        expect(difference(copied[1], overridden).meanAbs).toBeLessThan(0.5);
        expect(copy.pageErrors).toEqual([]);
      } finally {
        await copy.page.close();
      }

      // Jump: from a clean section back to the fold by clicking it in the list.
      await page.evaluate(
        (z) => ((window as any).viewer.position.value = Float32Array.of(512, 512, z + 0.5)),
        CLEAN_SECTION,
      );
      await tab(page)
        .locator('[data-sff="jump"]', { hasText: `z ${FOLD_SECTION}` })
        .click();
      expect(await page.evaluate(() => (window as any).viewer.position.value[2])).toBe(FOLD_SECTION + 0.5);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  TIMEOUT_MS,
);
