/**
 * The seam between the restoration pipeline and whatever runs the nets (an injected interface, so that tests run without ORT):
 * run a named model on plain tensors, with a signal. The onnxruntime implementation
 * (ort_runner.ts) is loaded lazily; tests and pipelines that are not about the nets inject
 * FakeRunner (fake_runner.ts).
 */
import { ModelRunError, errorMessage } from './errors.js';
import { makeTensor } from './tensor.js';

export { InferenceAbortedError, ModelLoadError, ModelRunError, UnsupportedBackendError, isSffError } from './errors.js';

/** A float32 tensor, row-major, usually NCHW with N = 1 and values in [0, 1]. */
export interface TensorData {
  data: Float32Array;
  dims: number[];
}

export type Tensors = Record<string, TensorData>;

export type Backend = 'webgpu' | 'wasm' | 'fake';

/** Names a model declares, so callers can bind tensors without hard-coding export names. */
export interface ModelInfo {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
}

/**
 * Where a model's bytes come from: Node passes bytes read from disk, the browser worker passes
 * a URL (fetched by the runtime). Called at most once per model, when it is first needed.
 */
export type ModelSource = () => Promise<Uint8Array | string>;

export interface ModelRunner {
  /** Backend in use now; may change from 'webgpu' to 'wasm' after a fallback. */
  readonly backend: Backend;
  /** One line for the layer status, e.g. "WASM (2 threads)". */
  describe(): string;
  /** Loads the model if needed and reports its input/output names. */
  modelInfo(model: string, signal?: AbortSignal): Promise<ModelInfo>;
  /** Runs `model`; rejects with ModelLoadError, ModelRunError or InferenceAbortedError. */
  run(model: string, inputs: Tensors, signal?: AbortSignal): Promise<Tensors>;
  /** Releases every session; the runner must not be used afterwards. */
  dispose(): Promise<void>;
}

/**
 * The runner contract every implementation enforces before running: exactly the model's input
 * names, each tensor's data length matching its dims. Mismatches read as ModelRunError.
 */
export function checkInputs(model: string, inputNames: readonly string[], inputs: Tensors): void {
  const given = Object.keys(inputs).sort();
  const wanted = [...inputNames].sort();
  if (given.join('\n') !== wanted.join('\n')) {
    throw new ModelRunError(model, `expects inputs [${wanted.join(', ')}], got [${given.join(', ')}]`);
  }
  for (const [name, t] of Object.entries(inputs)) {
    try {
      makeTensor(t.dims, t.data);
    } catch (err) {
      throw new ModelRunError(model, `input '${name}': ${errorMessage(err)}`);
    }
  }
}
