/**
 * The detector the offline tools run (`sff eval`, `sff restore`, `sff detect`): learned-else-hand-
 * tuned when models/foldnet.onnx loads, else the hand-tuned one with the reason, so a missing or
 * broken model costs one line, never the run. The viewer's chunk worker keeps the hand-tuned
 * detector: the net is over its 50 ms per 1024² budget (bench/RESULTS.md, "Learned detector").
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type FoldDetector, handTunedDetector } from '../core/detection/index.js';
import { errorMessage } from '../core/errors.js';
import { modelsFromDirectory } from '../inference/model_files.js';
import { OrtRunner } from '../inference/ort_runner.js';
import { FOLD_MODEL, learnedElseHandTuned } from '../restoration/fold_net.js';

export const DETECTOR_NAMES = ['learned-else-hand-tuned', 'hand-tuned'] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];

export interface LoadedDetector {
  detect: FoldDetector;
  /** The detector in use: the one asked for, or hand-tuned after a failed load. */
  name: DetectorName;
  /** Why the learned detector was asked for and is not used; undefined when it is. */
  fallback?: string;
  dispose(): Promise<void>;
}

const handTuned = (fallback?: string): LoadedDetector => ({
  detect: handTunedDetector,
  name: 'hand-tuned',
  fallback,
  dispose: async () => {},
});

/** Loads the net now (not on the first section), so a bad model is known before any work. */
export async function loadDetector(
  name: DetectorName,
  modelsDir: string,
  numThreads?: number,
): Promise<LoadedDetector> {
  if (name === 'hand-tuned') return handTuned();
  const file = join(modelsDir, `${FOLD_MODEL}.onnx`);
  if (!existsSync(file)) return handTuned(`${file} not found`);
  let runner: OrtRunner | undefined;
  try {
    runner = await OrtRunner.create(modelsFromDirectory(modelsDir, [FOLD_MODEL]), { backend: 'wasm', numThreads });
    await runner.modelInfo(FOLD_MODEL);
  } catch (err) {
    await runner?.dispose();
    return handTuned(errorMessage(err));
  }
  const loaded = runner;
  return { detect: learnedElseHandTuned(loaded), name, dispose: () => loaded.dispose() };
}

/**
 * {@link loadDetector} on the first section detected, not before: a command that stops on a bad
 * option or an unreadable volume never loads onnxruntime, and the model's load does not run into
 * the first reads' timeouts (loaded before them, it made a 0.2 s first request time out unsent). `onFallback` gets the
 * reason once, when the learned detector was asked for and did not load. `name` is the one asked for.
 */
export function lazyDetector(
  name: DetectorName,
  modelsDir: string,
  onFallback: (why: string) => void,
): Pick<LoadedDetector, 'name' | 'detect' | 'dispose'> {
  let loading: Promise<LoadedDetector> | undefined;
  const loaded = (): Promise<LoadedDetector> =>
    (loading ??= loadDetector(name, modelsDir).then((d) => {
      if (d.fallback !== undefined) onFallback(d.fallback);
      return d;
    }));
  return {
    name,
    detect: async (section, options, signal) => (await loaded()).detect(section, options, signal),
    dispose: async () => {
      if (loading !== undefined) await (await loading).dispose();
    },
  };
}
