/** Model registry for Node (CLI, tests, bench): ONNX files on disk, read as bytes on first use. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelSource } from './model_runner.js';

/** name -> bytes of `<dir>/<name>.onnx`. Never import this from browser code. */
export function modelsFromDirectory(dir: string, names: readonly string[]): Map<string, ModelSource> {
  return new Map(names.map((name) => [name, async () => new Uint8Array(await readFile(join(dir, `${name}.onnx`)))]));
}
