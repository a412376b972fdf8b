import type { FoldDetection } from '../../src/core/detection/index.js';
import { type GrayImage, makeGray } from '../../src/core/image.js';
import { isSffError } from '../../src/inference/model_runner.js';
import { restoreSection, type PipelineMethod } from '../../src/restoration/pipeline.js';
import { fakeRunner } from './fake_models.js';

const W = 320,
  H = 288;

function textured(seed: number): GrayImage {
  const img = makeGray(W, H);
  for (let i = 0; i < img.data.length; i++) img.data[i] = 60 + ((i * 7919 + seed * 104729) % 131);
  return img;
}

/** A short vertical band near the top-left corner, so the fold region is a box, not the section. */
function bandDetection(): FoldDetection {
  const mask = makeGray(W, H);
  for (let y = 20; y < 80; y++) for (let x = 40; x < 50; x++) mask.data[y * W + x] = 1;
  return {
    flagged: true,
    score: 1,
    mask,
    maskFraction: 600 / (W * H),
    segments: [[45, 20, 45, 79]],
    folds: [
      {
        line: [
          [45, 20],
          [45, 79],
        ],
        halfWidths: [5, 5],
      },
    ],
  };
}

function damagedWithBand(): GrayImage {
  const img = textured(1);
  const det = bandDetection();
  det.mask.data.forEach((v, i) => v && (img.data[i] = 0));
  return img;
}

const request = () => ({
  damaged: damagedWithBand(),
  neighbours: { prev: textured(2), next: textured(3), prevZ: 4, nextZ: 6 },
  detection: bandDetection(),
});

function changedOutside(
  a: GrayImage,
  b: GrayImage,
  r: { x: number; y: number; width: number; height: number },
): number {
  let n = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const inside = x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
      if (!inside && a.data[y * W + x] !== b.data[y * W + x]) n++;
    }
  }
  return n;
}

describe('restoreSection', () => {
  test('full: pixels outside the fold region stay bit-identical, the band is filled', async () => {
    const runner = fakeRunner({ shift: 3, reach: 30 });
    const req = request();
    const result = await restoreSection(req, runner);
    expect(result.stages).toEqual(['unfold', 'interp', 'fusion']);
    expect(runner.calls).toEqual(['unfold', 'interp', 'fusion']);
    const r = result.region!;
    expect(r.width * r.height).toBeLessThan(W * H);
    expect(changedOutside(req.damaged, result.restored, r)).toBe(0);
    const band = 50 * W + 45,
      moved = 50 * W + 65,
      still = 150 * W + 150;
    const mean = (req.neighbours.prev.data[band] + req.neighbours.next.data[band]) / 2;
    expect(Math.abs(result.restored.data[band] - mean)).toBeLessThanOrEqual(1);
    expect(Math.abs(result.restored.data[moved] - req.damaged.data[moved] * 0.5)).toBeLessThanOrEqual(1);
    expect(result.restored.data[still]).toBe(req.damaged.data[still]);
    expect(result.neighbours).toEqual({ prev: 4, next: 6 });
    expect(Object.keys(result.ms).sort()).toEqual(['fusion', 'interp', 'unfold']);
  });

  test('a pull that reaches the region edge makes the whole section the region', async () => {
    const runner = fakeRunner({ shift: 3 });
    const result = await restoreSection(request(), runner);
    expect(result.region).toEqual({ x: 0, y: 0, width: W, height: H });
    expect(runner.calls).toEqual(['unfold', 'unfold', 'interp', 'fusion']);
    expect(result.notes.join(' ')).toMatch(/whole section/);
  });

  test.each([
    ['interp_net', ['interp']],
    ['unfold_fusion', ['unfold', 'fusion']],
    ['interp_fusion', ['interp', 'fusion']],
  ] as [PipelineMethod, string[]][])('%s runs only its stages, only inside the region', async (method, calls) => {
    const runner = fakeRunner({ shift: 2, reach: 30 });
    const req = request();
    const result = await restoreSection(req, runner, { method });
    expect(runner.calls).toEqual(calls);
    expect(changedOutside(req.damaged, result.restored, result.region!)).toBe(0);
    expect(result.restored.data[50 * W + 45]).toBeGreaterThan(0);
  });

  test('one neighbour is used on both sides, and the result says so', async () => {
    const req = request();
    const result = await restoreSection(
      { ...req, neighbours: { next: req.neighbours.next, nextZ: 6 } },
      fakeRunner({ reach: 30 }),
    );
    expect(result.neighbours).toEqual({ prev: 6, next: 6 });
    expect(result.notes.join(' ')).toMatch(/only the next section/);
    const band = 50 * W + 45;
    expect(result.restored.data[band]).toBe(req.neighbours.next.data[band]);
  });

  test('no neighbour at all is a tagged error', async () => {
    const err = await restoreSection({ damaged: damagedWithBand(), neighbours: {} }, fakeRunner()).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: 'RestorationError', reason: 'NoNeighbourSection' });
  });

  test('a section without a detected fold comes back unchanged, nets untouched', async () => {
    const runner = fakeRunner();
    const req = request();
    const clean = textured(5);
    const result = await restoreSection({ ...req, damaged: clean, detection: undefined }, runner);
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
    const runner = fakeRunner({ reach: 30, onRun: (m) => m === 'unfold' && during.abort(new Error('panned away')) });
    const err2 = await restoreSection(request(), runner, {}, during.signal).catch((e: unknown) => e);
    expect(isSffError(err2, 'InferenceAbortedError')).toBe(true);
    expect(runner.calls).toEqual(['unfold']);
  });
});
