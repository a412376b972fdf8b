/**
 * Restores the one real fold we have (section DOLW7_1, its
 * neighbour DOLW7_0; SEM, not registered) with the product's pipeline and the committed models, and
 * writes the before/after figure docs/real_fold.png: top row whole sections at 1/2 scale (damaged,
 * restored, neighbour), bottom row 1:1 crops around the fold. The sample has no clear licence:
 * it is read from a folder outside the repository (first argument), never copied into it; only the figure is kept.
 *
 *   node --import tsx demo/real_fold.ts <sample dir> [out.png]   (or SFF_REAL_FOLD_DIR=<sample dir>)
 */
import { join, resolve } from 'node:path';
import { detectFolds } from '../src/core/detection/index.js';
import { type GrayImage, makeGray } from '../src/core/image.js';
import { modelsFromDirectory } from '../src/inference/model_files.js';
import { OrtRunner } from '../src/inference/ort_runner.js';
import { readGrayPng, writeGrayPng } from '../src/io/png.js';
import { downsample2x2 } from '../src/io/precomputed/downsample.js';
import { MODEL_NAMES } from '../src/restoration/eval_methods.js';
import { restoreSection } from '../src/restoration/pipeline.js';
import { montage } from './figure.js';

const ROOT = resolve(import.meta.dirname, '..');
const CROP = { width: 400, height: 300 };
/** The real band is wide and ragged: DOLW7_1's manual mask is matched best with this (IoU 0.74). */
const MIN_HALF_WIDTH = 15;

function crop(img: GrayImage, x0: number, y0: number, width: number, height: number): GrayImage {
  const out = makeGray(width, height);
  for (let y = 0; y < height; y++)
    out.data.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + width), y * width);
  return out;
}

/** Centre of the detected band, clamped so the crop stays inside the section. */
function cropOrigin(mask: GrayImage): { x: number; y: number } {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[y * mask.width + x]) {
        sx += x;
        sy += y;
        n++;
      }
    }
  }
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));
  return {
    x: clamp(sx / n - CROP.width / 2, mask.width - CROP.width),
    y: clamp(sy / n - CROP.height / 2, mask.height - CROP.height),
  };
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? process.env.SFF_REAL_FOLD_DIR;
  if (dir === undefined) throw new Error('usage: real_fold.ts <sample dir> [out.png] (or set SFF_REAL_FOLD_DIR)');
  const out = process.argv[3] ?? join(ROOT, 'docs', 'real_fold.png');
  const damaged = readGrayPng(join(dir, 'DOLW7_1.png'));
  const neighbour = readGrayPng(join(dir, 'DOLW7_0.png'));
  const detection = detectFolds(damaged, { neighbours: [neighbour], minHalfWidth: MIN_HALF_WIDTH });
  if (!detection.flagged) throw new Error(`DOLW7_1 not flagged (score ${detection.score.toFixed(2)})`);
  const runner = await OrtRunner.create(modelsFromDirectory(join(ROOT, 'models'), MODEL_NAMES), { backend: 'wasm' });
  const started = performance.now();
  const result = await restoreSection({ damaged, neighbours: { prev: neighbour, prevZ: 0 }, detection }, runner);
  const seconds = (performance.now() - started) / 1000;
  await runner.dispose();
  const o = cropOrigin(detection.mask);
  const zoom = (img: GrayImage) => crop(img, o.x, o.y, CROP.width, CROP.height);
  writeGrayPng(
    out,
    montage([
      [damaged, result.restored, neighbour].map(downsample2x2),
      [damaged, result.restored, neighbour].map(zoom),
    ]),
  );
  process.stdout.write(
    `${out}: score ${detection.score.toFixed(2)}, mask ${(100 * detection.maskFraction).toFixed(1)} %, ` +
      `stages ${result.stages.join(', ')}, ${seconds.toFixed(1)} s; ${result.notes.join('; ')}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`real_fold: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
