/**
 * ModelRunner whose nets run in another worker (nets_worker.ts): the calling thread only posts the
 * tensors and waits, so it stays free for other work while a net runs. Same contract as OrtRunner:
 * errors keep their kind, a cancelled caller stops waiting at once (and a run still queued there
 * is skipped).
 */
import { abortable } from './abortable.js';
import { UnsupportedBackendError } from './errors.js';
import type { Backend, ModelInfo, ModelRunner, ModelSource, Tensors } from './model_runner.js';
import { type NetsReply, type NetsRequest, receivedError, type RunnerState } from './nets_protocol.js';
import type { BackendPreference } from './provider.js';

/** What WorkerRunner needs of a Worker (a fake in tests). */
export interface NetsPort {
  postMessage(message: NetsRequest): void;
  onmessage: ((event: MessageEvent<NetsReply>) => void) | null;
  onerror: ((event: Event) => void) | null;
  terminate(): void;
}

export interface WorkerRunnerOptions {
  backend?: BackendPreference;
  numThreads?: number;
}

type Request = NetsRequest extends infer R ? (R extends NetsRequest ? Omit<R, 'id'> : never) : never;

export class WorkerRunner implements ModelRunner {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: NetsReply) => void>();
  private state: RunnerState = { backend: 'wasm', describe: 'WASM' };
  /** Set when the worker itself failed: every call then rejects with it. */
  private broken: UnsupportedBackendError | undefined;

  private constructor(private readonly port: NetsPort) {
    port.onmessage = (event) => {
      const reply = event.data;
      const resolve = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.ok) this.state = { backend: reply.backend, describe: reply.describe };
      resolve?.(reply);
    };
    port.onerror = (event) => {
      const message = (event as { message?: unknown }).message;
      const why = typeof message === 'string' && message !== '' ? message : 'the worker failed to start';
      this.broken = new UnsupportedBackendError('nets worker', why);
      for (const resolve of this.waiting.values())
        resolve({ id: 0, ok: false, error: { kind: this.broken.kind, message: this.broken.message } });
      this.waiting.clear();
    };
  }

  /** Starts the worker's runner on the models (their sources must give URLs: the worker fetches them). */
  static async create(
    port: NetsPort,
    models: ReadonlyMap<string, ModelSource>,
    options: WorkerRunnerOptions = {},
  ): Promise<WorkerRunner> {
    const runner = new WorkerRunner(port);
    const urls = await Promise.all(
      [...models].map(async ([name, source]): Promise<[string, string]> => {
        const where = await source();
        if (typeof where !== 'string') throw new UnsupportedBackendError('nets worker', `model ${name} is not a URL`);
        return [name, where];
      }),
    );
    await runner.call({
      type: 'create',
      models: urls,
      backend: options.backend ?? 'auto',
      numThreads: options.numThreads ?? 1,
    });
    return runner;
  }

  get backend(): Backend {
    return this.state.backend;
  }

  describe(): string {
    return `${this.state.describe}, in a worker of its own`;
  }

  async modelInfo(model: string, signal?: AbortSignal): Promise<ModelInfo> {
    const reply = await abortable(this.call({ type: 'info', model }), signal, `loading ${model}`);
    return reply.info!;
  }

  async run(model: string, inputs: Tensors, signal?: AbortSignal): Promise<Tensors> {
    const id = this.nextId;
    const onAbort = (): void => this.port.postMessage({ id: 0, type: 'cancel', target: id });
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reply = await abortable(this.call({ type: 'run', model, inputs }), signal, `running ${model}`);
      return reply.outputs!;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async dispose(): Promise<void> {
    try {
      await this.call({ type: 'dispose' });
    } finally {
      this.port.terminate();
    }
  }

  private call(request: Request): Promise<NetsReply & { ok: true }> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) => (reply.ok ? resolve(reply) : reject(receivedError(reply.error))));
      this.port.postMessage({ ...request, id } as NetsRequest);
    });
  }
}
