/** The ONNX models for offline restoration: checked before any work, loaded on first use. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelsFromDirectory } from '../inference/model_files.js';
import type { ModelRunner } from '../inference/model_runner.js';
import { OrtRunner } from '../inference/ort_runner.js';
import { MODEL_NAMES } from '../restoration/eval_methods.js';
import { OfflineError } from './errors.js';

/** The package's own models/ folder (src/offline → ../../models, also from dist/offline). */
export const DEFAULT_MODELS_DIR = process.env.SFF_MODELS ?? fileURLToPath(new URL('../../models/', import.meta.url));

export interface LazyRunner {
  get(): Promise<ModelRunner>;
  dispose(): Promise<void>;
}

/** Fails fast, before anything is written, when a model file is missing. */
export function checkModels(dir: string): void {
  const missing = MODEL_NAMES.filter((name) => !existsSync(join(dir, `${name}.onnx`)));
  if (missing.length > 0)
    throw new OfflineError(`model failed to load: ${missing.map((n) => `${n}.onnx`).join(', ')} not in ${dir}`);
}

export function lazyRunner(dir: string, numThreads?: number): LazyRunner {
  let runner: Promise<ModelRunner> | undefined;
  return {
    get: () => (runner ??= OrtRunner.create(modelsFromDirectory(dir, MODEL_NAMES), { backend: 'wasm', numThreads })),
    dispose: async () => {
      if (runner !== undefined) await (await runner).dispose();
    },
  };
}
