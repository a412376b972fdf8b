/**
 * Writes docs/restored.png: the demo link (raw | restored on fold section 14) once restored, as a
 * user sees it in a 1200×640 window. Run after `npm run build && npm run demo:prepare`:
 * `node --import tsx test/browser/screenshot.ts [out.png]`.
 */
import path from 'node:path';
import { demoLink } from '../../demo/state.js';
import { openViewer, root, startHarness, waitForLayersReady } from './harness.js';

const RESTORE_TIMEOUT_MS = 400000;

const out = process.argv[2] ?? path.join(root, 'docs/restored.png');
const harness = await startHarness();
try {
  const { page } = await openViewer(harness.browser, demoLink(harness.server.url));
  await waitForLayersReady(page, RESTORE_TIMEOUT_MS);
  await page.waitForTimeout(2000); // last chunks drawn
  await page.screenshot({ path: out });
  process.stdout.write(`screenshot: ${out}\n`);
} finally {
  await harness.close();
}
