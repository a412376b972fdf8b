/**
 * What the offline tools write opens in Neuroglancer, both made from the demo volume read over
 * http from the demo server: the fold catalogue of `sff detect --precomputed` loads as an
 * annotation layer and draws fold lines on the fold sections only, and the corrected copy of
 * `sff restore --precomputed` loads as an image layer, restored where asked and raw elsewhere.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureCliBuilt } from '../core/evaluation/cli_support.js';
import {
  BROWSER_TEST_TIMEOUT_MS,
  difference,
  type Gray,
  openViewer,
  panelImages,
  root,
  sideBySide,
  stablePanelImages,
  stateUrl,
  useHarness,
  waitForLayersReady,
} from './harness.js';

const foldSections: number[] = JSON.parse(
  readFileSync(path.join(root, 'demo/data/manifest.json'), 'utf8'),
).foldSections;
const CLEAN_SECTION = 5;
/** Served by the demo server under /data; removed after the tests. */
const CATALOGUE = `test-folds-${process.pid}`;
const RESTORED = `test-restored-${process.pid}`;

const harness = useHarness();

/** The CLI as a child process, without blocking this process (it hosts the server the CLI reads). */
function sffAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'sff.js'), ...args]);
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Share of the panel drawn in the annotation colour (yellow: red channel high on black). */
const lineShare = (img: Gray): number => img.data.filter((v) => v > 128).length / img.data.length;

beforeAll(
  () => ensureCliBuilt('restore', ['src/core/detection', 'src/offline', 'src/io/precomputed', 'src/restoration']),
  180_000,
);
afterAll(() => {
  for (const name of [CATALOGUE, RESTORED])
    rmSync(path.join(root, 'demo', 'data', name), { recursive: true, force: true });
});

test(
  'the catalogue written by sff detect --precomputed loads as an annotation layer',
  async () => {
    const url = harness().server.url;
    const run = await sffAsync(
      'detect',
      '--precomputed',
      `precomputed://${url}/data/gerhard`,
      '--out',
      path.join(root, 'demo', 'data', CATALOGUE),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`${foldSections.length} of 20 sections flagged (z ${foldSections.join(', ')})`);

    const state = {
      dimensions: { x: [4.6e-9, 'm'], y: [4.6e-9, 'm'], z: [5e-8, 'm'] },
      position: [512, 512, foldSections[1] + 0.5],
      crossSectionScale: 1.2,
      layers: [{ type: 'annotation', source: `precomputed://${url}/data/${CATALOGUE}/annotations`, name: 'folds' }],
      layout: 'xy',
      showAxisLines: false,
      showScaleBar: false,
      showDefaultAnnotations: false,
    };
    const { page, pageErrors } = await openViewer(harness().browser, stateUrl(url, state));
    try {
      await waitForLayersReady(page);
      const source = await page.evaluate(() => {
        const layer = (window as any).viewer.layerManager.getLayerByName('folds').layer;
        const loaded = layer.dataSources[0].loadState;
        return { loaded: loaded !== undefined && loaded.error === undefined, error: loaded?.error?.message };
      });
      expect(source).toEqual({ loaded: true, error: undefined });
      const shareOn = async (z: number): Promise<number> => {
        await page.evaluate(
          (section) => ((window as any).viewer.position.value = Float32Array.of(512, 512, section + 0.5)),
          z,
        );
        await page.waitForTimeout(1500); // annotations are drawn on the next frames
        return lineShare((await panelImages(page))[0]);
      };
      const onFold = await shareOn(foldSections[1]);
      const onClean = await shareOn(CLEAN_SECTION);
      process.stderr.write(
        `annotations: line pixels ${onFold} on section ${foldSections[1]}, ${onClean} on section ${CLEAN_SECTION}\n`,
      );
      expect(onFold).toBeGreaterThan(0.001);
      expect(onClean).toBeLessThan(onFold / 10);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  },
  BROWSER_TEST_TIMEOUT_MS,
);

test(
  'the corrected copy written by sff restore --precomputed opens as an image layer',
  async () => {
    const url = harness().server.url;
    const fold = foldSections[1];
    // One named section keeps the test short: detection is skipped, section `fold` is restored.
    const run = await sffAsync(
      'restore',
      '--precomputed',
      `${url}/data/gerhard`,
      '--out',
      path.join(root, 'demo', 'data', RESTORED),
      '--sections',
      String(fold),
      '--no-detect',
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`1 of 20 sections restored (z ${fold})`);
    const state = (z: number) => ({
      dimensions: { x: [4.6e-9, 'm'], y: [4.6e-9, 'm'], z: [5e-8, 'm'] },
      position: [512, 512, z + 0.5],
      crossSectionScale: 1.2,
      layers: [
        { type: 'image', source: `precomputed://${url}/data/gerhard`, name: 'raw' },
        { type: 'image', source: `precomputed://${url}/data/${RESTORED}`, name: 'restored' },
      ],
      layout: sideBySide('raw', 'restored'),
      showAxisLines: false,
      showScaleBar: false,
      showDefaultAnnotations: false,
    });
    const panelsOn = async (z: number): Promise<Gray[]> => {
      const { page, pageErrors } = await openViewer(harness().browser, stateUrl(url, state(z)));
      try {
        await waitForLayersReady(page);
        const panels = await stablePanelImages(page);
        expect(pageErrors).toEqual([]);
        return panels;
      } finally {
        await page.close();
      }
    };
    const [rawFold, restoredFold] = await panelsOn(fold);
    const [rawClean, restoredClean] = await panelsOn(CLEAN_SECTION);
    expect(difference(rawClean, restoredClean).fractionOff).toBeLessThan(0.001);
    // The band is gone: the restored panel differs over a visible share of the section.
    expect(difference(rawFold, restoredFold).fractionOff).toBeGreaterThan(0.02);
  },
  BROWSER_TEST_TIMEOUT_MS,
);
