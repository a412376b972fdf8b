/**
 * A ModelRunner whose "models" are plain functions: for pipeline tests where the real nets are
 * not the point, and for running the pipeline before the trained ONNX files exist.
 * It honours the same contract as OrtRunner: tagged errors and signal checks before and after.
 */
import { abortable } from '../../src/inference/abortable.js';
import { ModelLoadError, ModelRunError, errorMessage, isSffError, throwIfAborted } from '../../src/inference/errors.js';
import { checkInputs, type ModelInfo, type ModelRunner, type Tensors } from '../../src/inference/model_runner.js';

export interface FakeModel {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly run: (inputs: Tensors) => Tensors | Promise<Tensors>;
}

export class FakeRunner implements ModelRunner {
  readonly backend = 'fake' as const;
  /** Names of the models run so far, in order (tests assert on what the pipeline called). */
  readonly calls: string[] = [];

  constructor(private readonly models: ReadonlyMap<string, FakeModel>) {}

  describe(): string {
    return 'fake models';
  }

  async modelInfo(model: string, signal?: AbortSignal): Promise<ModelInfo> {
    throwIfAborted(signal, `loading ${model}`);
    const { inputNames, outputNames } = this.model(model);
    return { inputNames, outputNames };
  }

  async run(model: string, inputs: Tensors, signal?: AbortSignal): Promise<Tensors> {
    throwIfAborted(signal, `running ${model}`);
    const m = this.model(model);
    checkInputs(model, m.inputNames, inputs);
    this.calls.push(model);
    try {
      return await abortable(Promise.resolve(m.run(inputs)), signal, `running ${model}`);
    } catch (err) {
      if (isSffError(err)) throw err;
      throw new ModelRunError(model, errorMessage(err), { cause: err });
    }
  }

  async dispose(): Promise<void> {}

  private model(name: string): FakeModel {
    const m = this.models.get(name);
    if (m === undefined) throw new ModelLoadError(name, 'not registered');
    return m;
  }
}
