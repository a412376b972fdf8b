/**
 * The learned pipeline as RestorationMethods for `sff eval` and the benches: `full` and its
 * ablations by name. The runner is created once, on the first learned method picked, so a
 * baseline-only evaluation never loads onnxruntime or the models.
 */
import type { MethodRegistry, RestorationMethod } from '../core/restoration_method.js';
import type { ModelRunner } from '../inference/model_runner.js';
import { PIPELINE_METHODS, type PipelineMethod, type PipelineOptions, restoreSection } from './pipeline.js';

/** The ONNX models the pipeline runs (files `<name>.onnx`). */
export const MODEL_NAMES = ['interp', 'unfold', 'fusion'] as const;

/** One pipeline variant behind the RestorationMethod seam (neighbours as given, z ± 1). */
export function pipelineMethod(
  method: PipelineMethod,
  runner: ModelRunner,
  options: PipelineOptions = {},
): RestorationMethod {
  return {
    name: method,
    async restore(input, signal) {
      const neighbours = { prev: input.prev, next: input.next };
      const result = await restoreSection(
        { damaged: input.damaged, neighbours },
        runner,
        { ...options, method },
        signal,
      );
      return result.restored;
    },
  };
}

/** Lazy registry entries for every pipeline variant, sharing one runner from `makeRunner`. */
export function learnedRegistry(makeRunner: () => Promise<ModelRunner>, options: PipelineOptions = {}): MethodRegistry {
  let runner: Promise<ModelRunner> | undefined;
  const shared = (): Promise<ModelRunner> => (runner ??= makeRunner());
  return new Map(PIPELINE_METHODS.map((name) => [name, async () => pipelineMethod(name, await shared(), options)]));
}
