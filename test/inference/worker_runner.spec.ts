import { isSffError } from '../../src/core/errors.js';
import { ModelLoadError } from '../../src/inference/errors.js';
import type { NetsReply, NetsRequest } from '../../src/inference/nets_protocol.js';
import { buffersOf, receivedError, sendError } from '../../src/inference/nets_protocol.js';
import { type NetsPort, WorkerRunner } from '../../src/inference/worker_runner.js';

/** A port whose "worker" answers with `reply` (undefined: never answers). */
function fakePort(reply: (request: NetsRequest) => NetsReply | undefined) {
  const sent: NetsRequest[] = [];
  let terminated = false;
  const port: NetsPort = {
    onmessage: null,
    onerror: null,
    postMessage(message) {
      sent.push(message);
      const answer = reply(message);
      if (answer !== undefined) setTimeout(() => port.onmessage?.({ data: answer } as MessageEvent<NetsReply>), 0);
    },
    terminate: () => (terminated = true),
  };
  return { port, sent, terminated: () => terminated };
}

const models = new Map([['fusion', async () => 'http://host/models/fusion.onnx']]);
const ok = (id: number, extra: object = {}): NetsReply => ({
  id,
  ok: true,
  backend: 'wasm',
  describe: 'WASM (2 threads)',
  ...extra,
});

describe('WorkerRunner', () => {
  it('creates the runner in the worker with the models’ URLs, and runs nets there', async () => {
    const outputs = { restored: { data: Float32Array.of(0.5), dims: [1, 1, 1, 1] } };
    const { port, sent } = fakePort((r) => (r.type === 'run' ? ok(r.id, { outputs }) : ok(r.id)));
    const runner = await WorkerRunner.create(port, models, { numThreads: 2 });
    expect(sent[0]).toMatchObject({
      type: 'create',
      models: [['fusion', 'http://host/models/fusion.onnx']],
      backend: 'auto',
      numThreads: 2,
    });
    const inputs = { unfolded: { data: Float32Array.of(0.25), dims: [1, 1, 1, 1] } };
    expect(await runner.run('fusion', inputs)).toEqual(outputs);
    expect(sent[1]).toMatchObject({ type: 'run', model: 'fusion', inputs });
    expect(runner.describe()).toBe('WASM (2 threads), in a worker of its own');
  });

  it('follows the worker’s backend after a fallback', async () => {
    let describe = 'WebGPU';
    const { port } = fakePort((r) => ({ ...ok(r.id), backend: describe === 'WebGPU' ? 'webgpu' : 'wasm', describe }));
    const runner = await WorkerRunner.create(port, models);
    expect(runner.backend).toBe('webgpu');
    describe = 'WASM (1 thread); WebGPU failed: Conv';
    await runner.run('fusion', {});
    expect(runner.backend).toBe('wasm');
    expect(runner.describe()).toContain('WebGPU failed: Conv');
  });

  it('rejects with the worker’s error, kind kept', async () => {
    const failure = sendError(new ModelLoadError('fusion', 'HTTP 404'));
    const { port } = fakePort((r) => (r.type === 'info' ? { id: r.id, ok: false, error: failure } : ok(r.id)));
    const runner = await WorkerRunner.create(port, models);
    const err = await runner.modelInfo('fusion').catch((e: unknown) => e);
    expect(isSffError(err, 'ModelLoadError')).toBe(true);
    expect((err as Error).message).toBe('model failed to load: fusion: HTTP 404');
  });

  it('stops waiting when the caller aborts, and tells the worker to skip the run', async () => {
    const { port, sent } = fakePort((r) => (r.type === 'run' || r.type === 'cancel' ? undefined : ok(r.id)));
    const runner = await WorkerRunner.create(port, models);
    const controller = new AbortController();
    const pending = runner.run('fusion', {}, controller.signal);
    controller.abort(new Error('panned away'));
    await expect(pending).rejects.toThrow('inference aborted: running fusion');
    const run = sent.find((r) => r.type === 'run')!;
    expect(sent.at(-1)).toEqual({ id: 0, type: 'cancel', target: run.id });
  });

  it('rejects every call once the worker fails, with one clear reason', async () => {
    const { port } = fakePort((r) => (r.type === 'run' ? undefined : ok(r.id)));
    const runner = await WorkerRunner.create(port, models);
    const pending = runner.run('fusion', {});
    port.onerror?.({ message: 'nets_worker.js: 404' } as unknown as Event);
    await expect(pending).rejects.toThrow('unsupported backend: nets worker: nets_worker.js: 404');
    await expect(runner.modelInfo('fusion')).rejects.toThrow('nets worker');
  });

  it('terminates the worker on dispose', async () => {
    const fake = fakePort((r) => ok(r.id));
    const runner = await WorkerRunner.create(fake.port, models);
    await runner.dispose();
    expect(fake.terminated()).toBe(true);
  });
});

describe('nets protocol', () => {
  it('transfers only buffers a tensor owns whole', () => {
    const whole = new Float32Array(4);
    const view = new Float32Array(new ArrayBuffer(64), 16, 4);
    expect(buffersOf({ a: { data: whole, dims: [4] }, b: { data: view, dims: [4] } })).toEqual([whole.buffer]);
  });

  it('keeps plain errors plain', () => {
    const err = receivedError(sendError(new Error('boom')));
    expect(err.message).toBe('boom');
    expect(isSffError(err)).toBe(false);
  });
});
