/**
 * Long computations written as generators that `yield` where they may pause: run to the end at
 * once (CLI, offline), or in slices that hand the event loop back between them (the viewer's chunk
 * worker, whose one thread also downloads and decodes every other layer's chunks). The same steps
 * run either way, so the result is the same.
 */
export type Sliced<T> = Generator<void, T, void>;

/** Runs `work` to its end without pausing. */
export function runAtOnce<T>(work: Sliced<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Longest stretch (ms) the chunk worker computes before other tasks get a turn. */
export const SLICE_MS = 50;

/** Runs `work`, giving other tasks a turn (a macrotask) whenever a slice took `sliceMs`; stops on abort. */
export async function runInSlices<T>(work: Sliced<T>, signal?: AbortSignal, sliceMs = SLICE_MS): Promise<T> {
  let start = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - start >= sliceMs) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      signal?.throwIfAborted();
      start = performance.now();
    }
  }
}
