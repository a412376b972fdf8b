/**
 * A worker of its own for the nets: onnxruntime-web's WASM run holds the thread that calls it for
 * a second or more per tile, so in Neuroglancer's one chunk worker every other layer's chunks (and
 * the cheap previews) would wait behind it. This worker hosts one OrtRunner and answers
 * WorkerRunner's messages (nets_protocol.ts); runs go in arrival order, as OrtRunner queues them.
 */
import { buffersOf, type NetsReply, type NetsRequest, sendError } from './nets_protocol.js';
import { OrtRunner } from './ort_runner.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<NetsRequest>) => void) | null;
  postMessage(message: NetsReply, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
let runner: Promise<OrtRunner> | undefined;
/** Runs not yet answered, so a 'cancel' can skip one still queued. */
const running = new Map<number, AbortController>();

async function answer(request: NetsRequest): Promise<void> {
  if (request.type === 'cancel') {
    running.get(request.target)?.abort();
    return;
  }
  try {
    if (request.type === 'create') {
      const models = new Map(request.models.map(([name, url]) => [name, async (): Promise<string> => url]));
      runner = OrtRunner.create(models, { backend: request.backend, numThreads: request.numThreads });
    }
    if (runner === undefined) throw new Error('nets worker: no runner was created');
    const r = await runner;
    const state = { backend: r.backend, describe: r.describe() };
    if (request.type === 'info') {
      const info = await r.modelInfo(request.model);
      scope.postMessage({ id: request.id, ok: true, info, ...state });
    } else if (request.type === 'run') {
      const controller = new AbortController();
      running.set(request.id, controller);
      const outputs = await r
        .run(request.model, request.inputs, controller.signal)
        .finally(() => running.delete(request.id));
      // After the run: a WebGPU failure may have moved the runner to WASM.
      const after = { backend: r.backend, describe: r.describe() };
      scope.postMessage({ id: request.id, ok: true, outputs, ...after }, buffersOf(outputs));
    } else {
      if (request.type === 'dispose') await r.dispose();
      scope.postMessage({ id: request.id, ok: true, ...state });
    }
  } catch (err) {
    scope.postMessage({ id: request.id, ok: false, error: sendError(err) });
  }
}

scope.onmessage = (event) => void answer(event.data);
