/**
 * Timing of one whole restoration (detection and all stages), the way the speed benchmarks in
 * Node and in the browser self-check page both measure it: an optional warm-up run, then the run
 * with the median total of `repeats`.
 */
import type { TimingCase } from '../core/simulation/timing_case.js';
import type { ModelRunner } from '../inference/model_runner.js';
import { restoreSection, type RestorationResult } from './pipeline.js';

export interface RestorationTiming {
  totalMs: number;
  ms: RestorationResult['ms'];
  region: RestorationResult['region'];
}

export async function timeRestoration(
  c: TimingCase,
  runner: ModelRunner,
  repeats: number,
  warmUp: boolean,
): Promise<RestorationTiming> {
  const restore = () => restoreSection({ damaged: c.damaged, neighbours: { prev: c.prev, next: c.next } }, runner);
  if (warmUp) await restore(); // sessions, first-run allocations
  const runs: RestorationTiming[] = [];
  for (let k = 0; k < repeats; k++) {
    const start = performance.now();
    const result = await restore();
    runs.push({ totalMs: performance.now() - start, ms: result.ms, region: result.region });
  }
  runs.sort((a, b) => a.totalMs - b.totalMs);
  return runs[runs.length >> 1];
}
