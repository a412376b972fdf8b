/**
 * The fill of the lost strip up close, for the README: a simulated fold on validation section 16
 * (neighbours 15 and 17), restored by the product's pipeline; docs/strip_fill.png shows 1:1 crops
 * across the fold: damaged | restored | truth, and with a second models folder a row restored by
 * those models first (e.g. the earlier L1-only fusion net).
 *
 *   node --import tsx demo/strip_fill.ts [out.png] [earlier models dir]
 */
import { join, resolve } from 'node:path';
import type { GrayImage } from '../src/core/image.js';
import { cropGray } from '../src/core/metrics/index.js';
import { degradeFold } from '../src/core/simulation/index.js';
import { modelsFromDirectory } from '../src/inference/model_files.js';
import { OrtRunner } from '../src/inference/ort_runner.js';
import { readGrayPng, writeGrayPng } from '../src/io/png.js';
import { MODEL_NAMES } from '../src/restoration/eval_methods.js';
import { restoreSection } from '../src/restoration/pipeline.js';
import { montage } from './figure.js';

const ROOT = resolve(import.meta.dirname, '..');
const RAW = join(ROOT, 'data', 'gerhard2013', 'raw');
/** A band 20 px wide that swallowed 40 px of tissue per side: a lost strip 100 px wide. */
const FOLD = { x0: 0, y0: 430, x1: 1023, y1: 610, L: 10, F: 50, s: 0.02, bandGain: 0 };
const ZOOM = { x: 380, y: 380, width: 320, height: 240 };

async function restored(modelsDir: string, damaged: GrayImage, prev: GrayImage, next: GrayImage): Promise<GrayImage> {
  const runner = await OrtRunner.create(modelsFromDirectory(modelsDir, MODEL_NAMES), { backend: 'wasm' });
  const result = await restoreSection({ damaged, neighbours: { prev, next } }, runner);
  await runner.dispose();
  return result.restored;
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? join(ROOT, 'docs', 'strip_fill.png');
  const earlier = process.argv[3];
  const [prev, clean, next] = ['15', '16', '17'].map((z) => readGrayPng(join(RAW, `${z}.png`)));
  const { degraded } = degradeFold(clean, FOLD);
  const zoom = (img: GrayImage) => cropGray(img, ZOOM);
  const now = await restored(join(ROOT, 'models'), degraded, prev, next);
  const rows = [[degraded, now, clean].map(zoom)];
  if (earlier !== undefined) rows.unshift([degraded, await restored(earlier, degraded, prev, next), clean].map(zoom));
  writeGrayPng(out, montage(rows));
  process.stdout.write(`${out}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`strip_fill: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
