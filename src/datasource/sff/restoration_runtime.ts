/**
 * The heavy half of restoration, imported dynamically by the worker when the first block of a
 * flagged section is to be restored: onnxruntime-web, the models, the block restoration. Never in the main
 * bundle. The nets run in a worker of their own (inference/nets_worker.ts) so that the chunk worker
 * keeps serving chunks while they run; where that worker cannot start, in the chunk worker itself.
 */
import { errorMessage } from '../../core/errors.js';
import type { ModelRunner, ModelSource } from '../../inference/model_runner.js';
import { modelsFromUrl } from '../../inference/model_urls.js';
import { OrtRunner } from '../../inference/ort_runner.js';
import { type NetsPort, WorkerRunner } from '../../inference/worker_runner.js';
import { restoreBlock } from '../../restoration/block_restore.js';
import { MODEL_NAMES } from '../../restoration/eval_methods.js';
import type { RestorationRuntime } from './pipeline/block_restorer.js';

/** WASM threads when the page is cross-origin isolated (ORT needs SharedArrayBuffer for more). */
const MAX_THREADS = 2;

export async function createRestorationRuntime(modelsUrl: string): Promise<RestorationRuntime> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const options = {
    backend: 'auto' as const,
    numThreads: isolated ? Math.min(MAX_THREADS, navigator.hardwareConcurrency || 1) : 1,
  };
  const models = modelsFromUrl(modelsUrl, MODEL_NAMES);
  const { runner, note } = await netsRunner(models, options);
  // Load every model now: a missing or broken file should be one clear failure, not one per stage.
  await Promise.all(MODEL_NAMES.map((name) => runner.modelInfo(name)));
  return {
    describe: () => runner.describe() + note,
    restoreBlock: (request, signal) => restoreBlock(request, runner, signal),
  };
}

/** The nets' runner in a worker of their own, else in this thread (and why, for the status line). */
async function netsRunner(
  models: ReadonlyMap<string, ModelSource>,
  options: { backend: 'auto'; numThreads: number },
): Promise<{ runner: ModelRunner; note: string }> {
  let port: NetsPort | undefined;
  try {
    port = new Worker(new URL('../../inference/nets_worker.js', import.meta.url), { type: 'module' }) as NetsPort;
    return { runner: await WorkerRunner.create(port, models, options), note: '' };
  } catch (err) {
    port?.terminate();
    const runner = await OrtRunner.create(models, options);
    return { runner, note: ` (nets in the chunk worker: ${errorMessage(err)})` };
  }
}
