/**
 * Fold detection in the chunk worker, against the demo volume (simulated folds on sections listed
 * in demo/data/manifest.json): every section the viewer shows is detected once, on the whole
 * section, the frontend learns the results, and no chunk is fetched twice.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demoState } from '../../demo/state.js';
import { BROWSER_TEST_TIMEOUT_MS, openViewer, root, stateUrl, useHarness, waitForLayersReady } from './harness.js';

const SECTIONS = 20;
/** Key of the demo's full-resolution scale, the one detection runs on (16×16 chunks a section). */
const BASE_SCALE = '4.6_4.6_50';
const foldSections: number[] = JSON.parse(
  readFileSync(path.join(root, 'demo/data/manifest.json'), 'utf8'),
).foldSections;

const harness = useHarness();

/** Detection results the frontend holds for the sff:// layer, by section. */
function reportedSections(page: Page): Promise<{ z: number; flagged: boolean; failure?: string }[]> {
  return page.evaluate(() => {
    const sources = [...(window as any).viewer.chunkManager.memoize.map.values()];
    const report = sources.find((s: any) => s.RPC_TYPE_ID === 'sff/VolumeChunkSource')?.foldReport;
    return report === undefined
      ? []
      : [...report.sections.values()].map(({ z, flagged, failure }: any) => ({ z, flagged, failure }));
  });
}

test(
  'the worker flags exactly the fold sections, section by section, downloading each chunk once',
  async () => {
    const state = {
      ...demoState(harness().server.url),
      position: [512, 512, 0.5],
      // Detection alone: restoring each fold section on the way would only slow this test down.
      layers: [
        {
          type: 'image',
          source: `sff://precomputed://${harness().server.url}/data/gerhard#restore=off`,
          name: 'restored',
        },
      ],
      layout: 'xy',
      // Neuroglancer prefetches the sections ahead while z moves and cancels them when it stops; a
      // download cancelled just as it completed is fetched again. That is the viewer's churn, not
      // ours: this test checks that detection and serving share their chunks.
      prefetch: false,
    };
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(harness().server.url, state));
    const requests = new Map<string, number>();
    // Completed downloads only: a request cancelled because the view moved on is asked again later.
    page.on('requestfinished', (r) => {
      if (r.url().includes('/data/gerhard/')) requests.set(r.url(), (requests.get(r.url()) ?? 0) + 1);
    });
    try {
      for (let z = 0; z < SECTIONS; z++) {
        await page.evaluate((section) => {
          (window as any).viewer.position.value = Float32Array.of(512, 512, section + 0.5);
        }, z);
        await waitForLayersReady(page);
        await page.waitForFunction(
          (section) => {
            const sources = [...(window as any).viewer.chunkManager.memoize.map.values()];
            return sources.some((s: any) => s.foldReport?.sections.has(section));
          },
          z,
          { timeout: 60000, polling: 100 },
        );
      }
      const reported = await reportedSections(page);
      expect(reported.filter((s) => s.failure !== undefined)).toEqual([]);
      expect(
        reported
          .filter((s) => s.flagged)
          .map((s) => s.z)
          .sort((a, b) => a - b),
      ).toEqual(foldSections);
      const status = await page.locator('#neuroglancer-status-container').innerText();
      expect(status).toContain(
        `sff: ${foldSections.length} fold sections detected (z ${foldSections.join(', ')}; ${SECTIONS} checked)`,
      );
      // The shared chunk cache: detection and serving never complete a base-scale chunk download
      // twice. Section 0's first requests go out before the listener is attached: count from 1.
      const baseChunks = [...requests.entries()].filter(([u]) => u.includes(`/${BASE_SCALE}/`) && !u.endsWith('_0-1'));
      expect(baseChunks).toHaveLength((SECTIONS - 1) * 16 * 16);
      expect(baseChunks.filter(([, n]) => n > 1)).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);
