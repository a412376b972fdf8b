/**
 * ModelRunner on onnxruntime-web. The runtime (and its 14–28 MB wasm) is imported lazily in
 * `OrtRunner.create`, never at module top level, so importing this file costs nothing until a
 * flagged section actually needs a net.
 *
 * WebGPU is used when an adapter exists. If a model cannot be loaded or run there but works on
 * WASM, the runner falls back to WASM for good and `describe()` says why; WebGPU kernels can fail
 * at run time (e.g. ops the EP does not support), so both moments are covered.
 */
import { abortable, yieldToEventLoop } from './abortable.js';
import { ModelLoadError, ModelRunError, UnsupportedBackendError, errorMessage, throwIfAborted } from './errors.js';
import type { ModelInfo, ModelRunner, ModelSource, Tensors } from './model_runner.js';
import {
  createSession,
  fromResults,
  toFeeds,
  type Feeds,
  type OrtModule,
  type Provider,
  type Session,
} from './ort_tensors.js';
import { chooseProvider, defaultGpu, type BackendPreference, type GpuLike, type ProviderChoice } from './provider.js';

export interface OrtRunnerOptions {
  /** 'auto' (default): WebGPU when an adapter is returned, else WASM. */
  readonly backend?: BackendPreference;
  /** WASM threads; only effective before the first session of the process (ORT reads it once). */
  readonly numThreads?: number;
  /** Folder of self-hosted ort-wasm-*.{mjs,wasm} files, with trailing slash. */
  readonly wasmPaths?: string;
  /** WebGPU entry point to probe; default `navigator.gpu` (pass `gpu: undefined` to never probe). */
  readonly gpu?: GpuLike;
  /** Loads the runtime; default `import('onnxruntime-web')` (a worker may pick '/wasm' or '/webgpu'). */
  readonly loadOrt?: () => Promise<OrtModule>;
}

interface Entry {
  readonly session: Session;
  readonly provider: Provider;
}

/** ORT reads env.wasm.* when its wasm starts, once per module instance: only the first runner may set them. */
let wasmStarted = false;

export class OrtRunner implements ModelRunner {
  private readonly sessions = new Map<string, Promise<Entry>>();
  /** Sessions replaced after a fallback; a queued run may still use one, so release at dispose. */
  private readonly retired: Session[] = [];
  /** ORT cannot run one session concurrently on every backend; runs go one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private current: Provider;
  private fallbackReason: string | undefined;
  private disposed = false;

  private constructor(
    private readonly ort: OrtModule,
    private readonly models: ReadonlyMap<string, ModelSource>,
    private readonly choice: ProviderChoice,
  ) {
    this.current = choice.backend;
  }

  /** Imports onnxruntime-web, configures WASM and picks the execution provider. */
  static async create(models: ReadonlyMap<string, ModelSource>, options: OrtRunnerOptions = {}): Promise<OrtRunner> {
    const { numThreads, wasmPaths } = options;
    if (numThreads !== undefined && !(Number.isInteger(numThreads) && numThreads >= 1)) {
      throw new UnsupportedBackendError('wasm', `numThreads must be a positive integer, got ${numThreads}`);
    }
    let ort: OrtModule;
    try {
      ort = await (options.loadOrt ?? (() => import('onnxruntime-web')))();
    } catch (err) {
      throw new UnsupportedBackendError('onnxruntime-web', `runtime failed to load: ${errorMessage(err)}`);
    }
    if (!wasmStarted) {
      if (numThreads !== undefined) ort.env.wasm.numThreads = numThreads;
      if (wasmPaths !== undefined) ort.env.wasm.wasmPaths = wasmPaths;
    }
    const gpu = 'gpu' in options ? options.gpu : defaultGpu();
    return new OrtRunner(ort, models, await chooseProvider(options.backend ?? 'auto', gpu));
  }

  get backend(): Provider {
    return this.current;
  }

  describe(): string {
    const threads = this.ort.env.wasm.numThreads;
    const base = this.current === 'webgpu' ? 'WebGPU' : `WASM (${threads ?? '?'} thread${threads === 1 ? '' : 's'})`;
    if (this.fallbackReason !== undefined) return `${base}; WebGPU failed: ${this.fallbackReason}`;
    return this.choice.whyNotWebGpu !== undefined ? `${base}; no WebGPU: ${this.choice.whyNotWebGpu}` : base;
  }

  async modelInfo(model: string, signal?: AbortSignal): Promise<ModelInfo> {
    const { session } = await abortable(this.entry(model), signal, `loading ${model}`);
    return { inputNames: session.inputNames, outputNames: session.outputNames };
  }

  async run(model: string, inputs: Tensors, signal?: AbortSignal): Promise<Tensors> {
    const entry = await abortable(this.entry(model), signal, `loading ${model}`);
    const feeds = toFeeds(this.ort, model, entry.session.inputNames, inputs);
    const task = this.queue.then(() => this.runNow(model, entry, feeds, signal));
    this.queue = task.catch(() => undefined);
    return abortable(task, signal, `running ${model}`);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.queue; // a run in flight may still replace a session (fallback)
    const entries = await Promise.allSettled(this.sessions.values());
    this.sessions.clear();
    for (const e of entries) if (e.status === 'fulfilled') this.retire(e.value.session);
    await Promise.all(this.retired.splice(0).map((s) => s.release()));
  }

  /** The cached session of `model`, created on the current provider on first use. */
  private async entry(model: string): Promise<Entry> {
    if (this.disposed) throw new ModelLoadError(model, 'runner was disposed');
    let pending = this.sessions.get(model);
    if (pending === undefined) {
      const created = this.createEntry(model);
      this.sessions.set(model, (pending = created));
      // A failed load is not cached: a URL may work on the next try.
      created.catch(() => this.sessions.get(model) === created && this.sessions.delete(model));
    }
    const entry = await pending;
    if (entry.provider === this.current) return entry;
    // Created on WebGPU before a fallback: replace it by a WASM session.
    if (this.sessions.get(model) === pending) this.sessions.delete(model);
    this.retire(entry.session);
    return this.entry(model);
  }

  private async createEntry(model: string): Promise<Entry> {
    const bytes = await this.bytes(model);
    if (this.current === 'webgpu') {
      try {
        return { session: await createSession(this.ort, model, bytes, 'webgpu'), provider: 'webgpu' };
      } catch (err) {
        // Only a model that WASM can load proves WebGPU was the problem.
        const session = await this.createOnWasm(model, bytes);
        this.fallBack(`${model}: ${errorMessage(err)}`);
        return { session, provider: 'wasm' };
      }
    }
    return { session: await this.createOnWasm(model, bytes), provider: 'wasm' };
  }

  private async bytes(model: string): Promise<Uint8Array | string> {
    const source = this.models.get(model);
    if (source === undefined) {
      throw new ModelLoadError(model, `not registered (known: ${[...this.models.keys()].join(', ') || 'none'})`);
    }
    try {
      return await source();
    } catch (err) {
      throw new ModelLoadError(model, errorMessage(err), { cause: err });
    }
  }

  private createOnWasm(model: string, bytes: Uint8Array | string): Promise<Session> {
    wasmStarted = true;
    return createSession(this.ort, model, bytes, 'wasm');
  }

  private retire(session: Session): void {
    if (!this.retired.includes(session)) this.retired.push(session);
  }

  private fallBack(reason: string): void {
    this.current = 'wasm';
    this.fallbackReason ??= reason;
  }

  private async runNow(model: string, entry: Entry, feeds: Feeds, signal?: AbortSignal): Promise<Tensors> {
    // Checked again here, after letting pending events in: a run queued behind others may have
    // been cancelled meanwhile (e.g. Ctrl-C, whose handler only runs between macrotasks).
    await yieldToEventLoop();
    throwIfAborted(signal, `running ${model}`);
    let outputs: Tensors;
    try {
      outputs = await fromResults(model, await entry.session.run(feeds));
    } catch (err) {
      if (entry.provider !== 'webgpu') throw new ModelRunError(model, errorMessage(err), { cause: err });
      outputs = await this.retryOnWasm(model, entry, feeds, err);
    }
    throwIfAborted(signal, `running ${model}`);
    return outputs;
  }

  /** A WebGPU kernel failed: if the same run works on WASM, switch to WASM for good. */
  private async retryOnWasm(model: string, failed: Entry, feeds: Feeds, gpuError: unknown): Promise<Tensors> {
    const session = await this.createOnWasm(model, await this.bytes(model));
    try {
      const outputs = await fromResults(model, await session.run(feeds));
      this.fallBack(`${model}: ${errorMessage(gpuError)}`);
      this.retire(failed.session);
      this.sessions.set(model, Promise.resolve({ session, provider: 'wasm' }));
      return outputs;
    } catch (err) {
      await session.release();
      throw new ModelRunError(model, errorMessage(err), { cause: err });
    }
  }
}
