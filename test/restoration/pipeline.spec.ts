import type { FoldDetection, FoldDetector } from '../../src/core/detection/index.js';
import { foldField } from '../../src/core/geometry/fold_field.js';
import { type GrayImage, makeGray } from '../../src/core/image.js';
import { bilinear } from '../../src/core/simulation/bilinear.js';
import { isSffError } from '../../src/inference/model_runner.js';
import { DETAIL_GAIN, gaussianBlur } from '../../src/restoration/detail.js';
import { restoreSection, type PipelineMethod } from '../../src/restoration/pipeline.js';
import { straightFoldGeometry } from '../fixtures/geometry.js';
import { fakeRunner } from './fake_models.js';

const W = 320,
  H = 288;

function textured(seed: number): GrayImage {
  const img = makeGray(W, H);
  for (let i = 0; i < img.data.length; i++) img.data[i] = 60 + ((i * 7919 + seed * 104729) % 131);
  return img;
}

/** A vertical band around x = 45 (half-width 5) pulling tissue 3 px, the pull fading by 30 px out. */
const geometry = straightFoldGeometry([W, H], { from: [45, 20], to: [45, 79], L: 5, a: 3, s: 0.1 });

function bandDetection(): FoldDetection {
  const mask = makeGray(W, H);
  for (let y = 0; y < H; y++) for (let x = 40; x < 50; x++) mask.data[y * W + x] = 1;
  return {
    flagged: true,
    score: 1,
    mask,
    maskFraction: (10 * H) / (W * H),
    segments: [[45, 0, 45, H - 1]],
    folds: [
      {
        line: [
          [45, 0],
          [45, H - 1],
        ],
        halfWidths: [5, 5],
        score: 1,
      },
    ],
  };
}

function damagedWithBand(): GrayImage {
  const img = textured(1);
  bandDetection().mask.data.forEach((v, i) => v && (img.data[i] = 0));
  return img;
}

const request = (withGeometry = true) => ({
  damaged: damagedWithBand(),
  neighbours: { prev: textured(2), next: textured(3), prevZ: 4, nextZ: 6 },
  detection: bandDetection(),
  ...(withGeometry && { geometry }),
});

/** Pixels of `b` that differ from `a` farther than `reach` from x = 45. */
function changedBeyond(a: GrayImage, b: GrayImage, reach: number): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i++) if (Math.abs((i % W) - 45) > reach && a.data[i] !== b.data[i]) n++;
  return n;
}

describe('restoreSection', () => {
  test('full: the band is filled from the neighbours, pulled tissue moved back, the rest bit-identical', async () => {
    const runner = fakeRunner();
    const req = request();
    const result = await restoreSection(req, runner);
    expect(result.stages).toEqual(['unfold', 'interp', 'fusion']);
    expect(runner.calls).toEqual(['interp', 'fusion']);
    // The pull max(0, 3 − 0.1(|D| − 5)) ends 35 px from the line; the fusion reaches 8 px past the strip.
    expect(changedBeyond(req.damaged, result.restored, 35)).toBe(0);
    expect(result.region!.x).toBeGreaterThanOrEqual(45 - 36);
    expect(result.region!.x + result.region!.width).toBeLessThanOrEqual(45 + 37);
    const band = 150 * W + 45;
    const mean = (req.neighbours.prev.data[band] + req.neighbours.next.data[band]) / 2;
    expect(
      Math.abs(result.restored.data[band] - withDetail(req.neighbours.prev, req.neighbours.next, band)),
    ).toBeLessThanOrEqual(1);
    expect(Math.abs(result.restored.data[band] - mean)).toBeGreaterThan(0);
    // Beyond the fusion's reach (lost strip 8 px + 8) the pixel is the damaged one warped by the field.
    const x = 45 + 20,
      y = 150;
    const field = foldField(geometry, { x, y, width: 1, height: 1 });
    expect(field.fx[0]).toBeLessThan(0);
    const expected = Math.round(bilinear(req.damaged, x + field.fx[0], y + field.fy[0]));
    expect(result.restored.data[y * W + x]).toBe(expected);
    expect(result.neighbours).toEqual({ prev: 4, next: 6 });
    expect(result.geometry).toBe(geometry);
  });

  test('the geometry is estimated from the detection when not given', async () => {
    const result = await restoreSection(request(false), fakeRunner());
    expect(result.geometry?.folds).toHaveLength(1);
    const fold = result.geometry!.folds[0];
    expect(fold.halfWidths[0]).toBeGreaterThanOrEqual(5);
    expect(fold.line.every(([x]) => Math.abs(x - 45) < 1)).toBe(true);
    expect(result.restored.data[150 * W + 45]).toBeGreaterThan(0);
    expect(Object.keys(result.ms).sort()).toEqual(['fusion', 'interp', 'unfold']);
  });

  test('detects with the detector it is given, with the neighbours, and restores what it found', async () => {
    const req = request(false);
    const seen: number[] = [];
    const detector: FoldDetector = async (_section, options) => {
      seen.push(options.neighbours?.length ?? 0);
      return bandDetection();
    };
    const result = await restoreSection({ ...req, detection: undefined }, fakeRunner(), { detector });
    expect(seen).toEqual([2]);
    expect(result.stages[0]).toBe('detect');
    expect(result.geometry?.folds).toHaveLength(1);
  });

  test.each([
    ['interp_net', ['interp']],
    ['unfold_fusion', ['fusion']],
    ['interp_fusion', ['interp', 'fusion']],
  ] as [PipelineMethod, string[]][])('%s runs only its stages, only near the fold', async (method, calls) => {
    const runner = fakeRunner();
    const req = request();
    const result = await restoreSection(req, runner, { method });
    expect(runner.calls).toEqual(calls);
    expect(changedBeyond(req.damaged, result.restored, 35)).toBe(0);
    expect(result.restored.data[150 * W + 45]).toBeGreaterThan(0);
  });

  test('one neighbour is used on both sides, and the result says so', async () => {
    const req = request();
    const result = await restoreSection({ ...req, neighbours: { next: req.neighbours.next, nextZ: 6 } }, fakeRunner());
    expect(result.neighbours).toEqual({ prev: 6, next: 6 });
    expect(result.notes.join(' ')).toMatch(/only the next section/);
    const band = 150 * W + 45;
    const next = req.neighbours.next;
    expect(Math.abs(result.restored.data[band] - withDetail(next, next, band))).toBeLessThanOrEqual(1);
  });

  test('no neighbour at all is a tagged error', async () => {
    const err = await restoreSection({ damaged: damagedWithBand(), neighbours: {} }, fakeRunner()).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: 'RestorationError', reason: 'NoNeighbourSection' });
  });

  test('a section without a detected fold comes back unchanged, nets untouched', async () => {
    const runner = fakeRunner();
    const clean = textured(5);
    const result = await restoreSection(
      { ...request(false), damaged: clean, detection: undefined, geometry: undefined },
      runner,
    );
    expect(result.stages).toEqual(['detect']);
    expect(runner.calls).toEqual([]);
    expect(result.restored.data).toEqual(clean.data);
    expect(result.notes.join(' ')).toMatch(/no fold detected/);
  });

  test('an aborted signal cancels before and during the nets', async () => {
    const before = new AbortController();
    before.abort(new Error('panned away'));
    const err1 = await restoreSection(request(), fakeRunner(), {}, before.signal).catch((e: unknown) => e);
    expect(isSffError(err1, 'InferenceAbortedError')).toBe(true);

    const during = new AbortController();
    const runner = fakeRunner({ onRun: (m) => m === 'interp' && during.abort(new Error('panned away')) });
    const err2 = await restoreSection(request(), runner, {}, during.signal).catch((e: unknown) => e);
    expect(isSffError(err2, 'InferenceAbortedError')).toBe(true);
    expect(runner.calls).toEqual(['interp']);
  });
});

/**
 * What the strip holds deep inside when the fill is the neighbours' mean (the fake fusion's):
 * mean + gain · (mean − blur(mean)), the detail transfer of src/restoration/detail.ts.
 */
function withDetail(prev: GrayImage, next: GrayImage, i: number): number {
  const mean = Float64Array.from(prev.data, (v, k) => 0.5 * (v + next.data[k]));
  const blurred = gaussianBlur(mean, prev.width, prev.height);
  return mean[i] + DETAIL_GAIN * (mean[i] - blurred[i]);
}
