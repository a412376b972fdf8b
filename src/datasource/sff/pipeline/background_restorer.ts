/**
 * Restoration that never makes a chunk wait: a flagged section whose restoration is not ready is
 * served raw at once while the restoration runs in the background; when it is done, the source
 * refreshes the section's chunks. The background work is cancelled once no chunk of the section
 * is wanted any more (the user panned away). Pure: the chunk bookkeeping is handed in.
 */
import type { RestoredSection, RestoreSection } from './section_restorer.js';

export interface BackgroundRestorerOptions {
  /** The (shared, cached) restoration of one section. */
  restore: RestoreSection;
  /** Whether a chunk showing section z is still visible or prefetched. */
  wanted(z: number): boolean;
  /** Section z's restoration finished: serve its chunks again. */
  refresh(z: number): void;
  /** How often running work checks that it is still wanted. */
  checkIntervalMs?: number;
}

/** What a chunk gets while its section is still being restored: the raw pixels. */
export const RESTORING: RestoredSection = { image: null, failure: 'restoration running' };

const PENDING = Symbol('pending');

interface Job {
  controller: AbortController;
  result: Promise<RestoredSection>;
  /** Some chunk got RESTORING: its section must be refreshed when the result is in. */
  servedRaw: boolean;
}

/** A restorer answering at once: the result if ready, else RESTORING (and the work goes on). */
export function makeBackgroundRestorer(options: BackgroundRestorerOptions): RestoreSection {
  const running = new Map<number, Job>();
  const checkMs = options.checkIntervalMs ?? 1000;

  const start = (z: number, detection: Parameters<RestoreSection>[1]): Job => {
    const controller = new AbortController();
    const job: Job = { controller, result: options.restore(z, detection, controller.signal), servedRaw: false };
    running.set(z, job);
    const timer = setInterval(() => {
      if (!options.wanted(z)) controller.abort(new DOMException(`section ${z} is no longer shown`, 'AbortError'));
    }, checkMs);
    const settle = (): void => {
      clearInterval(timer);
      if (running.get(z) === job) running.delete(z);
    };
    job.result.then(() => {
      settle();
      if (job.servedRaw) options.refresh(z);
    }, settle);
    return job;
  };

  return async (z, detection) => {
    let job = running.get(z);
    // An aborted job is on its way out (its work rejects soon): start afresh.
    if (job === undefined || job.controller.signal.aborted) job = start(z, detection);
    // A finished restoration is an already-settled promise: it wins against the next macrotask.
    // Cancelled work (the section left the view) serves raw, like work still running.
    const result = job.result.catch(() => RESTORING);
    const ready = await Promise.race([
      result,
      new Promise<typeof PENDING>((resolve) => setTimeout(resolve, 0, PENDING)),
    ]);
    if (ready !== PENDING) return ready;
    job.servedRaw = true;
    return RESTORING;
  };
}
