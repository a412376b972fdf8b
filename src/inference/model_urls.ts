/** Model registry for the browser worker: ORT fetches `<base><name>.onnx` itself. */
import type { ModelSource } from './model_runner.js';

/** name -> URL of `<name>.onnx` under `baseUrl` (absolute, or relative to this thread's location). */
export function modelsFromUrl(baseUrl: string, names: readonly string[]): Map<string, ModelSource> {
  return new Map(
    names.map((name) => [
      name,
      async () => {
        const here = (globalThis as { location?: { href: string } }).location?.href;
        return new URL(`${name}.onnx`, new URL(baseUrl, here)).href;
      },
    ]),
  );
}
