/** Conversions between our TensorData records and onnxruntime-web sessions' feeds and results. */
import type * as Ort from 'onnxruntime-web';
import { ModelLoadError, ModelRunError, errorMessage } from './errors.js';
import { checkInputs, type Tensors } from './model_runner.js';

export type OrtModule = typeof Ort;
export type Session = Ort.InferenceSession;
export type Feeds = Record<string, Ort.Tensor>;
export type Provider = 'webgpu' | 'wasm';

export async function createSession(
  ort: OrtModule,
  model: string,
  bytes: Uint8Array | string,
  provider: Provider,
): Promise<Session> {
  const options: Ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
  };
  try {
    return typeof bytes === 'string'
      ? await ort.InferenceSession.create(bytes, options)
      : await ort.InferenceSession.create(bytes, options);
  } catch (err) {
    throw new ModelLoadError(model, errorMessage(err), { cause: err });
  }
}

/** Checks names and sizes up front so a mismatch reads as our error, not ORT's. */
export function toFeeds(ort: OrtModule, model: string, inputNames: readonly string[], inputs: Tensors): Feeds {
  checkInputs(model, inputNames, inputs);
  return Object.fromEntries(
    Object.entries(inputs).map(([name, t]) => [name, new ort.Tensor('float32', t.data, t.dims)]),
  );
}

/** Copies results to plain float32 tensors (GPU-resident outputs are downloaded). */
export async function fromResults(model: string, results: Ort.InferenceSession.ReturnType): Promise<Tensors> {
  const outputs: Tensors = {};
  for (const [name, t] of Object.entries(results)) {
    if (t.type !== 'float32') throw new ModelRunError(model, `output '${name}' is ${t.type}, expected float32`);
    const data = t.location === 'cpu' ? t.data : await t.getData(true);
    outputs[name] = { data: data as Float32Array, dims: [...t.dims] };
  }
  return outputs;
}
