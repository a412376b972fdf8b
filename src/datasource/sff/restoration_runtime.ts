/**
 * The heavy half of restoration, imported dynamically by the worker when the first block of a
 * flagged section is to be restored: onnxruntime-web, the models, the block restoration. Never in the main
 * bundle.
 */
import { modelsFromUrl } from '../../inference/model_urls.js';
import { OrtRunner } from '../../inference/ort_runner.js';
import { restoreBlock } from '../../restoration/block_restore.js';
import { MODEL_NAMES } from '../../restoration/eval_methods.js';
import type { RestorationRuntime } from './pipeline/block_restorer.js';

/** WASM threads when the page is cross-origin isolated (ORT needs SharedArrayBuffer for more). */
const MAX_THREADS = 2;

export async function createRestorationRuntime(modelsUrl: string): Promise<RestorationRuntime> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const runner = await OrtRunner.create(modelsFromUrl(modelsUrl, MODEL_NAMES), {
    backend: 'auto',
    numThreads: isolated ? Math.min(MAX_THREADS, navigator.hardwareConcurrency || 1) : 1,
  });
  // Load every model now: a missing or broken file should be one clear failure, not one per stage.
  await Promise.all(MODEL_NAMES.map((name) => runner.modelInfo(name)));
  return {
    describe: () => runner.describe(),
    restoreBlock: (request, signal) => restoreBlock(request, runner, signal),
  };
}
