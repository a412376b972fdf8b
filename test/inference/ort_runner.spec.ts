import { readFile } from 'node:fs/promises';
import { modelsFromDirectory } from '../../src/inference/model_files.js';
import { isSffError, type ModelSource } from '../../src/inference/model_runner.js';
import { OrtRunner } from '../../src/inference/ort_runner.js';
import { FakeRunner, type FakeModel } from './fake_runner.js';
import { ONNX_DIR, fixtureCase, maxAbsDiff } from './fixtures.js';

const models = modelsFromDirectory(ONNX_DIR, ['box_blur', 'warp']);
let runner: OrtRunner;

beforeAll(async () => {
  runner = await OrtRunner.create(models, { backend: 'wasm', numThreads: 1 });
});
afterAll(() => runner.dispose());

/** Expects `promise` to reject with the tagged error `tag` and returns its message. */
async function rejection(promise: Promise<unknown>, tag: Parameters<typeof isSffError>[1]): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isSffError(err, tag)).toBe(true);
  return (err as Error).message;
}

describe('OrtRunner (wasm in Node)', () => {
  test.each(['box_blur', 'warp'] as const)('%s matches torch within 1e-5', async (name) => {
    const { inputs, outputs } = fixtureCase(name);
    const got = await runner.run(name, inputs);
    expect(Object.keys(got)).toEqual(Object.keys(outputs));
    for (const key of Object.keys(outputs)) expect(maxAbsDiff(got[key], outputs[key])).toBeLessThanOrEqual(1e-5);
  });

  test('reports backend, threads and model names', async () => {
    expect(runner.backend).toBe('wasm');
    expect(runner.describe()).toBe('WASM (1 thread)');
    expect(await runner.modelInfo('warp')).toEqual({ inputNames: ['image', 'flow'], outputNames: ['warped'] });
  });

  test('runs concurrent calls one after another with correct results', async () => {
    const { inputs, outputs } = fixtureCase('box_blur');
    const results = await Promise.all([1, 2, 3].map(() => runner.run('box_blur', inputs)));
    for (const r of results) expect(maxAbsDiff(r.blurred, outputs.blurred)).toBeLessThanOrEqual(1e-5);
  });

  test('missing, corrupt and unregistered models give ModelLoadError', async () => {
    const bad = new Map<string, ModelSource>([
      ['gone', modelsFromDirectory('/nonexistent', ['gone']).get('gone')!],
      ['corrupt', async () => new Uint8Array([8, 1, 2, 3, 4, 5])],
    ]);
    const r = await OrtRunner.create(bad, { backend: 'wasm' });
    expect(await rejection(r.run('gone', {}), 'ModelLoadError')).toMatch(/^model failed to load: gone: .*ENOENT/);
    expect(await rejection(r.run('corrupt', {}), 'ModelLoadError')).toMatch(
      /^model failed to load: corrupt: .*protobuf/,
    );
    expect(await rejection(r.modelInfo('unet'), 'ModelLoadError')).toBe(
      'model failed to load: unet: not registered (known: gone, corrupt)',
    );
    await r.dispose();
  });

  test('wrong input names or sizes give ModelRunError', async () => {
    const { inputs } = fixtureCase('warp');
    expect(await rejection(runner.run('warp', { image: inputs.image }), 'ModelRunError')).toBe(
      'model failed to run: warp: expects inputs [flow, image], got [image]',
    );
    const short = { ...inputs, flow: { data: new Float32Array(3), dims: inputs.flow.dims } };
    expect(await rejection(runner.run('warp', short), 'ModelRunError')).toMatch(/input 'flow'.*3 values/);
  });

  test('an aborted signal rejects before, and a signal aborted during a run rejects after', async () => {
    const { inputs } = fixtureCase('box_blur');
    const before = new AbortController();
    before.abort(new Error('panned away'));
    expect(await rejection(runner.run('box_blur', inputs, before.signal), 'InferenceAbortedError')).toMatch(/aborted/);
    const during = new AbortController();
    const pending = runner.run('box_blur', inputs, during.signal);
    during.abort();
    await rejection(pending, 'InferenceAbortedError');
    // The runner stays usable afterwards.
    expect((await runner.run('box_blur', inputs)).blurred.dims).toEqual([1, 1, 13, 17]);
  });

  test('falls back to WASM when a WebGPU session cannot be created, and says why', async () => {
    const gpu = { requestAdapter: async () => ({}) };
    const r = await OrtRunner.create(models, { gpu });
    expect(r.backend).toBe('webgpu');
    const { inputs, outputs } = fixtureCase('box_blur');
    expect(maxAbsDiff((await r.run('box_blur', inputs)).blurred, outputs.blurred)).toBeLessThanOrEqual(1e-5);
    expect(r.backend).toBe('wasm');
    expect(r.describe()).toMatch(/^WASM \(1 thread\); WebGPU failed: box_blur: .*webgpu/i);
    await r.dispose();
  });

  test('falls back to WASM when a WebGPU kernel fails at run time, and retries the run there', async () => {
    const ort = await import('onnxruntime-web');
    // WebGPU sessions that load but whose kernels fail, as ORT's Conv did on missing attributes.
    let gpuRuns = 0;
    const create = async (bytes: Uint8Array, opts: { executionProviders: string[] }) => {
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      if (opts.executionProviders[0] !== 'webgpu') return session;
      const run = async () => Promise.reject(new Error(`[WebGPU] Kernel failed${++gpuRuns > 1 ? ' again' : ''}`));
      return Object.assign(Object.create(session), { run });
    };
    const fakeOrt = { ...ort, InferenceSession: { create } } as unknown as typeof ort;
    const r = await OrtRunner.create(models, {
      gpu: { requestAdapter: async () => ({}) },
      loadOrt: async () => fakeOrt,
    });
    await r.modelInfo('warp'); // loaded on WebGPU before the fallback
    const { inputs, outputs } = fixtureCase('box_blur');
    expect(maxAbsDiff((await r.run('box_blur', inputs)).blurred, outputs.blurred)).toBeLessThanOrEqual(1e-5);
    expect(r.describe()).toMatch(/WebGPU failed: box_blur: \[WebGPU\] Kernel failed$/);
    const warp = fixtureCase('warp');
    expect(maxAbsDiff((await r.run('warp', warp.inputs)).warped, warp.outputs.warped)).toBeLessThanOrEqual(1e-5);
    expect(r.backend).toBe('wasm');
    expect(gpuRuns).toBe(1); // warp's WebGPU session was replaced, not tried
    await r.dispose();
  });

  test('a corrupt model on WebGPU is a load error, not a fallback', async () => {
    const bytes = await readFile(`${ONNX_DIR}box_blur.onnx`);
    const r = await OrtRunner.create(new Map([['half', async () => new Uint8Array(bytes.subarray(0, 40))]]), {
      gpu: { requestAdapter: async () => ({}) },
    });
    await rejection(r.run('half', {}), 'ModelLoadError');
    expect(r.backend).toBe('webgpu');
    await r.dispose();
  });

  test('WebGPU probing: no adapter means WASM in auto mode and an error when WebGPU is required', async () => {
    const none = { requestAdapter: async () => null };
    const auto = await OrtRunner.create(models, { gpu: none });
    expect(auto.backend).toBe('wasm');
    expect(auto.describe()).toBe('WASM (1 thread); no WebGPU: no WebGPU adapter');
    await rejection(OrtRunner.create(models, { backend: 'webgpu', gpu: undefined }), 'UnsupportedBackendError');
    await rejection(OrtRunner.create(models, { numThreads: 0 }), 'UnsupportedBackendError');
  });

  test('a disposed runner refuses work', async () => {
    const r = await OrtRunner.create(models, { backend: 'wasm' });
    await r.run('box_blur', fixtureCase('box_blur').inputs);
    await r.dispose();
    expect(await rejection(r.run('box_blur', {}), 'ModelLoadError')).toMatch(/disposed/);
  });
});

describe('FakeRunner', () => {
  const double: FakeModel = {
    inputNames: ['x'],
    outputNames: ['y'],
    run: ({ x }) => ({ y: { dims: x.dims, data: x.data.map((v) => 2 * v) } }),
  };
  const fake = new FakeRunner(new Map([['double', double]]));

  test('runs functions with the runner contract', async () => {
    const out = await fake.run('double', { x: { dims: [1, 1, 1, 2], data: Float32Array.of(1, 2) } });
    expect(Array.from(out.y.data)).toEqual([2, 4]);
    expect(fake.calls).toEqual(['double']);
    await rejection(fake.run('nope', {}), 'ModelLoadError');
    await rejection(fake.run('double', {}), 'ModelRunError');
    await rejection(fake.run('double', {}, AbortSignal.abort()), 'InferenceAbortedError');
  });
});
