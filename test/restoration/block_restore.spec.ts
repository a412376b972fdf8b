/**
 * Block restoration with the real models on a training section (Gerhard 06, neighbours 05 and
 * 07) with a simulated fold: a region restored as one block equals it restored as four (no
 * seams), and a coarser scale restored at its own scale looks like the fine result downsampled.
 */
import { join, resolve } from 'node:path';
import { foldField } from '../../src/core/geometry/fold_field.js';
import { geometryInFrame } from '../../src/core/geometry/fold_geometry.js';
import { type GrayImage, makeGray } from '../../src/core/image.js';
import { cropGray, psnr } from '../../src/core/metrics/index.js';
import { simulateFold } from '../../src/core/simulation/index.js';
import { modelsFromDirectory } from '../../src/inference/model_files.js';
import { OrtRunner } from '../../src/inference/ort_runner.js';
import { readGrayPng } from '../../src/io/png.js';
import { downsample2x2 } from '../../src/io/precomputed/downsample.js';
import { restoreBlock } from '../../src/restoration/block_restore.js';
import { MODEL_NAMES } from '../../src/restoration/eval_methods.js';
import { readFromSections } from '../../src/restoration/section_read.js';
import { straightFoldGeometry } from '../fixtures/geometry.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { hasModel, MODELS_DIR } from '../training/model_files.js';

const RAW = resolve(import.meta.dirname, '..', '..', 'data', 'gerhard2013', 'raw');
const SIDE = 384;
const CROP = { x: 300, y: 300, width: SIDE, height: SIDE };
const section = (z: number): GrayImage => cropGray(readGrayPng(join(RAW, `${String(z).padStart(2, '0')}.png`)), CROP);
const missing = MODEL_NAMES.filter((name) => !hasModel(name)).map((name) => join(MODELS_DIR, `${name}.onnx`));

const fold = { x0: 0, y0: 150.5, x1: 383, y1: 230, L: 8, F: 30, s: 0.05, bandGain: 0 };
/** The geometry of a simulated straight fold on the SIDE² crop. */
const geometryOf = (f: typeof fold) =>
  straightFoldGeometry([SIDE, SIDE], { from: [f.x0, f.y0], to: [f.x1, f.y1], L: f.L, a: f.F - f.L, s: f.s });
const geometry = geometryOf(fold);

function paste(into: GrayImage, block: GrayImage, x0: number, y0: number): void {
  for (let y = 0; y < block.height; y++)
    into.data.set(block.data.subarray(y * block.width, (y + 1) * block.width), (y0 + y) * into.width + x0);
}

describeIfAvailable(missing, 'block restoration with the real models', () => {
  let runner: OrtRunner;
  const [prev, clean, next] = [5, 6, 7].map(section);
  const damaged = simulateFold(clean, fold).degraded;
  const read = readFromSections({ damaged, prev, next });
  beforeAll(async () => {
    runner = await OrtRunner.create(modelsFromDirectory(MODELS_DIR, MODEL_NAMES), { backend: 'wasm' });
  });
  afterAll(() => runner.dispose());

  test('one block and four blocks give the same pixels, and restore the fold', async () => {
    const whole = await restoreBlock({ geometry, block: { x: 0, y: 0, width: SIDE, height: SIDE }, read }, runner);
    const tiled = makeGray(SIDE, SIDE);
    const half = SIDE / 2;
    for (const [x, y] of [
      [0, 0],
      [half, 0],
      [0, half],
      [half, half],
    ]) {
      const part = await restoreBlock({ geometry, block: { x, y, width: half, height: half }, read }, runner);
      paste(tiled, part.image, x, y);
    }
    let differ = 0,
      worst = 0;
    for (let i = 0; i < tiled.data.length; i++) {
      const d = Math.abs(tiled.data[i] - whole.image.data[i]);
      if (d > 0) differ++;
      worst = Math.max(worst, d);
    }
    process.stderr.write(`blocks: ${differ} pixels differ, by at most ${worst}\n`);
    expect(worst).toBeLessThanOrEqual(1);
    expect(differ).toBeLessThan(0.005 * SIDE * SIDE);
    expect(psnr(whole.image, clean)).toBeGreaterThan(psnr(damaged, clean) + 3);
  }, 120_000);

  test('a coarser scale restored at its own scale is the fine restoration downsampled, nearly', async () => {
    const fine = await restoreBlock({ geometry, block: { x: 0, y: 0, width: SIDE, height: SIDE }, read }, runner);
    const coarseRead = readFromSections({
      damaged: downsample2x2(damaged),
      prev: downsample2x2(prev),
      next: downsample2x2(next),
    });
    const coarse = await restoreBlock(
      {
        geometry: geometryInFrame(geometry, SIDE / 2, SIDE / 2),
        block: { x: 0, y: 0, width: SIDE / 2, height: SIDE / 2 },
        read: coarseRead,
      },
      runner,
    );
    const expected = downsample2x2(fine.image);
    const agreement = psnr(coarse.image, expected);
    process.stderr.write(`coarse vs downsampled fine: ${agreement.toFixed(2)} dB\n`);
    expect(agreement).toBeGreaterThan(25);
    expect(psnr(coarse.image, downsample2x2(clean))).toBeGreaterThan(
      psnr(downsample2x2(damaged), downsample2x2(clean)) + 3,
    );
  }, 120_000);
});

describe('block preview (no nets)', () => {
  // A steeper pull than above, reaching 8 + 22 / 0.3 ≈ 81 px: the corners stay untouched.
  const steep = { ...fold, s: 0.3 };
  const geometry = geometryOf(steep);
  const [prev, clean, next] = [5, 6, 7].map(section);
  const damaged = simulateFold(clean, steep).degraded;
  const read = readFromSections({ damaged, prev, next });
  const block = { x: 0, y: 0, width: SIDE, height: SIDE };

  test('fills the lost strip with the mean of z ± 1 and unfolds the rest, without a model runner', async () => {
    const preview = await restoreBlock({ geometry, block, read, preview: true }, undefined);
    expect(preview.changed).toBe(true);
    const field = foldField(geometry, block);
    let lost = 0;
    for (let i = 0; i < field.lost.length; i++) {
      if (!field.lost[i]) continue;
      lost++;
      expect(Math.abs(preview.image.data[i] - (prev.data[i] + next.data[i]) / 2)).toBeLessThanOrEqual(0.5);
    }
    expect(lost).toBeGreaterThan(1000);
    // Where nothing moved (beyond the pull's reach, rounded to 0) the pixels are the damaged section's.
    const still = [...field.fx.keys()].filter((i) => field.fx[i] === 0 && field.fy[i] === 0 && !field.lost[i]);
    expect(still.length).toBeGreaterThan(100);
    for (const i of still) expect(preview.image.data[i]).toBe(damaged.data[i]);
    expect(psnr(preview.image, clean)).toBeGreaterThan(psnr(damaged, clean) + 3);
  });

  test('is the same block whole or in four, and its nets need a runner', async () => {
    const whole = await restoreBlock({ geometry, block, read, preview: true }, undefined);
    const half = SIDE / 2;
    const tiled = makeGray(SIDE, SIDE);
    for (const [x, y] of [
      [0, 0],
      [half, 0],
      [0, half],
      [half, half],
    ]) {
      const part = await restoreBlock(
        { geometry, block: { x, y, width: half, height: half }, read, preview: true },
        undefined,
      );
      paste(tiled, part.image, x, y);
    }
    expect(tiled.data).toEqual(whole.image.data);
    await expect(restoreBlock({ geometry, block, read }, undefined)).rejects.toThrow('need a model runner');
  });
});
