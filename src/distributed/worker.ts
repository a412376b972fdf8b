/**
 * `sff worker`: serves the tasks of every live job on one Redis (or of one job) until stopped.
 * One BullMQ Worker per job queue runs the tasks in worker threads (processor.ts), `concurrency`
 * at a time; a task is leased for `leaseMs` and the lease is renewed while its worker lives, so
 * a killed worker's task goes back to the queue (BullMQ's stalled-job check) after about one
 * lease, and a failing task is retried (tasks.ts ATTEMPTS) before it is reported failed.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { connectRedis } from './connection.js';
import { JobStore, queueName } from './job_store.js';
import type { ProcessorSettings } from './processor.js';
import { jobProgress } from './status.js';
import { describeTask, type TaskData } from './tasks.js';

export interface WorkerOptions {
  concurrency: number;
  /** Lease of a running task, ms (BullMQ's lockDuration; stalled tasks are looked for as often). */
  leaseMs: number;
  models: string;
  httpTimeoutMs: number;
  /** Serve only this job, and return once it has nothing left to run. */
  job?: string;
  /** One line per finished or failed task. */
  log: (line: string) => void;
  /** Stops taking tasks; the running ones finish first. */
  signal: AbortSignal;
}

/** How often the set of live jobs is looked at. */
const POLL_MS = 1000;
/** A task killed with its worker is re-leased this many times before it is failed. */
const MAX_STALLED = 2;

/** processor.js beside this file (dist/), or processor.ts when run from the sources under tsx. */
function processorFile(): string {
  const js = fileURLToPath(new URL('./processor.js', import.meta.url));
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts');
}

export async function serveJobs(url: string, options: WorkerOptions): Promise<void> {
  const connection = await connectRedis(url, true);
  const store = new JobStore(connection);
  const workers = new Map<string, Worker<TaskData>>();
  const processor: ProcessorSettings = { url, models: options.models, httpTimeoutMs: options.httpTimeoutMs };
  const open = (id: string): Worker<TaskData> => {
    const worker = new Worker<TaskData>(queueName(id), processorFile(), {
      connection,
      concurrency: options.concurrency,
      useWorkerThreads: true,
      workerThreadsOptions: { workerData: processor },
      lockDuration: options.leaseMs,
      stalledInterval: options.leaseMs,
      maxStalledCount: MAX_STALLED,
    });
    worker.on('completed', (task) => options.log(`done ${id} ${describeTask(task.data)}`));
    worker.on('failed', (task, err) => {
      if (task === undefined) return;
      const final = task.attemptsMade >= (task.opts.attempts ?? 1);
      options.log(`${final ? 'failed' : 'will retry'} ${id} ${describeTask(task.data)}: ${err.message}`);
    });
    let lastError = '';
    worker.on('error', (err) => {
      // e.g. Redis restarting: BullMQ reconnects; say so once, not at every retry
      if (err.message !== lastError) options.log(`worker ${id}: ${err.message}`);
      lastError = err.message;
    });
    worker.on('active', () => (lastError = ''));
    return worker;
  };
  let ended = false; // the served job has nothing left: close without waiting for idle polls
  try {
    while (!options.signal.aborted) {
      const live = options.job === undefined ? await store.liveJobs() : [options.job];
      for (const id of live) if (!workers.has(id)) workers.set(id, open(id));
      for (const [id, worker] of workers) {
        if (!live.includes(id)) {
          workers.delete(id);
          await worker.close();
        }
      }
      ended = options.job !== undefined && (await jobProgress(connection, options.job)).finished;
      if (ended) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await Promise.all([...workers.values()].map((w) => w.close(ended)));
    connection.disconnect();
  }
}
