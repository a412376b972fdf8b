import { modelsFromDirectory } from '../../src/inference/model_files.js';
import { isSffError, type Tensors } from '../../src/inference/model_runner.js';
import { OrtRunner } from '../../src/inference/ort_runner.js';
import { planAxis, planTiles, runTiled, type TileRunner } from '../../src/inference/tiling.js';
import { ONNX_DIR, maxAbsDiff, pattern } from './fixtures.js';

let runner: OrtRunner;
beforeAll(async () => {
  runner = await OrtRunner.create(modelsFromDirectory(ONNX_DIR, ['box_blur', 'warp']), { backend: 'wasm' });
});
afterAll(() => runner.dispose());

const blur: TileRunner = (inputs, _tile, signal) => runner.run('box_blur', inputs, signal);

describe('planAxis', () => {
  test.each([
    [100, 32, 4, 4],
    [33, 32, 1, 1],
    [1000, 256, 16, 16],
    [77, 20, 3, 0],
  ])(
    'n=%i T=%i H=%i blend=%i: full-size tiles inside the image, valid parts cover it with overlap >= blend',
    (n, T, H, B) => {
      const spans = planAxis(n, T, H, B);
      expect(spans[0].start).toBe(0);
      expect(spans.at(-1)!.start + T).toBe(n);
      const covered = new Float32Array(n);
      spans.forEach((s, i) => {
        expect(s.size).toBe(T);
        if (i > 0) expect(spans[i - 1].validEnd - s.validStart).toBeGreaterThanOrEqual(B);
        for (let p = s.validStart; p < s.validEnd; ++p) covered[p] += s.weight[p - s.start];
        // Weights vanish in the halo of inner sides.
        if (i > 0) expect(s.weight[H - 1] ?? 0).toBe(0);
      });
      expect(Math.min(...covered)).toBeGreaterThan(0.99);
      expect(Math.max(...covered)).toBeLessThan(1.01);
    },
  );

  test('a short axis is one tile of the axis length', () => {
    expect(planAxis(7, 32, 4).map((s) => [s.start, s.size, s.validStart, s.validEnd])).toEqual([[0, 7, 0, 7]]);
  });

  test('halo that leaves no room is a TilingError', () => {
    expect(() => planTiles(100, 100, { tileSize: 16, halo: 6, blend: 4 })).toThrow(/tile 16 must exceed/);
    let err: unknown;
    try {
      planTiles(100, 100, { tileSize: 16.5, halo: 2 });
    } catch (e) {
      err = e;
    }
    expect(isSffError(err, 'TilingError')).toBe(true);
  });
});

describe('runTiled with the ONNX box blur', () => {
  test.each([
    [71, 53, 24, 2],
    [64, 64, 16, 1],
    [9, 40, 16, 3],
  ])('%i×%i image, tile %i, halo %i: equals the untiled run', async (w, h, tileSize, halo) => {
    const inputs: Tensors = { image: pattern(1, h, w) };
    const whole = await runner.run('box_blur', inputs);
    const tiled = await runTiled(inputs, { tileSize, halo }, blur);
    expect(maxAbsDiff(tiled.blurred, whole.blurred)).toBeLessThanOrEqual(1e-5);
  });

  test('an image smaller than a tile is a single run', async () => {
    const calls: number[][] = [];
    const inputs = { image: pattern(1, 11, 13) };
    const tiled = await runTiled(inputs, { tileSize: 64, halo: 4 }, (t, tile, s) => {
      calls.push(t.image.dims);
      return blur(t, tile, s);
    });
    expect(calls).toEqual([[1, 1, 11, 13]]);
    expect(maxAbsDiff(tiled.blurred, (await runner.run('box_blur', inputs)).blurred)).toBe(0);
  });

  test('without a halo the seams show (the comparison can fail)', async () => {
    const inputs = { image: pattern(1, 50, 50) };
    const whole = await runner.run('box_blur', inputs);
    const tiled = await runTiled(inputs, { tileSize: 16, halo: 0, blend: 0 }, blur);
    expect(maxAbsDiff(tiled.blurred, whole.blurred)).toBeGreaterThan(1e-2);
  });

  test('multi-input models (GridSample warp) tile too', async () => {
    const flow = pattern(2, 40, 36);
    flow.data.forEach((v, i) => (flow.data[i] = (v - 0.5) * 2)); // +-1 px: receptive radius 2
    const inputs = { image: pattern(1, 40, 36), flow };
    const whole = await runner.run('warp', inputs);
    const tiled = await runTiled(inputs, { tileSize: 20, halo: 2 }, (t, _tile, s) => runner.run('warp', t, s));
    // Warp normalises by the tile size, so only pixel-exact within float error of that mapping.
    expect(maxAbsDiff(tiled.warped, whole.warped)).toBeLessThanOrEqual(1e-4);
  });
});

describe('runTiled plumbing', () => {
  const identity: TileRunner = async (t) => ({ out: t.x });

  test('pads tile inputs to a multiple and crops outputs back', async () => {
    const x = pattern(2, 37, 21);
    const seen: number[][] = [];
    const out = await runTiled({ x }, { tileSize: 30, halo: 3, multipleOf: 16 }, async (t, tile, s) => {
      seen.push(t.x.dims);
      return identity(t, tile, s);
    });
    expect(maxAbsDiff(out.out, x)).toBeLessThanOrEqual(1e-6);
    for (const [, , th, tw] of seen) expect([th % 16, tw % 16]).toEqual([0, 0]);
  });

  test('rejects mismatched inputs, wrong-size outputs and aborted signals', async () => {
    const err = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );
    const opts = { tileSize: 8, halo: 0 };
    const mismatched = await err(runTiled({ a: pattern(1, 8, 8), b: pattern(1, 8, 9) }, opts, identity));
    expect(isSffError(mismatched, 'TensorShapeError')).toBe(true);
    const shrink: TileRunner = async (t) => ({ out: pattern(1, t.x.dims[2] - 1, t.x.dims[3]) });
    expect(String(await err(runTiled({ x: pattern(1, 8, 8) }, opts, shrink)))).toMatch(/tile output 'out' is 8×7/);
    const ac = new AbortController();
    let tiles = 0;
    const abortAfterOne: TileRunner = async (t, tile, s) => {
      if (++tiles === 1) ac.abort();
      return identity(t, tile, s);
    };
    const e = await err(
      runTiled({ x: pattern(1, 64, 64) }, { tileSize: 16, halo: 2, signal: ac.signal }, abortAfterOne),
    );
    expect(isSffError(e, 'InferenceAbortedError')).toBe(true);
    expect(tiles).toBe(1);
  });
});
