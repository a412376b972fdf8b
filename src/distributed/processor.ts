/**
 * The task processor, run by BullMQ in worker threads of `sff worker` (a sandboxed processor):
 * inference and detection block their thread for seconds, and in a thread of their own they
 * cannot delay the lease renewals of the worker's main thread, so a busy worker is never taken
 * for a dead one. Each thread keeps its own Redis connection, open volumes and models.
 */
import { workerData } from 'node:worker_threads';
import { Queue, type SandboxedJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { setHttpTimeout } from '../io/http.js';
import { type OpenVolume, openVolume } from '../io/precomputed/index.js';
import { lazyRunner } from '../offline/models.js';
import { connectRedis } from './connection.js';
import { JobStore, queueName } from './job_store.js';
import { detectTask, finishTask, planTask, type TaskContext } from './run_tasks.js';
import type { TaskData } from './tasks.js';
import { writeTask } from './write_task.js';

/** What `sff worker` hands its threads. */
export interface ProcessorSettings {
  url: string;
  models: string;
  /** Per-request limit for http sources (`--timeout`), ms. */
  httpTimeoutMs: number;
}

const settings = workerData as ProcessorSettings;
setHttpTimeout(settings.httpTimeoutMs);
const runner = lazyRunner(settings.models);
let redis: Promise<Redis> | undefined;
const queues = new Map<string, Queue>();
const volumes = new Map<string, Promise<OpenVolume>>();

async function context(id: string, signal: AbortSignal | undefined): Promise<TaskContext> {
  const connection = await (redis ??= connectRedis(settings.url, true));
  const store = new JobStore(connection);
  const job = await store.description(id);
  let queue = queues.get(id);
  if (queue === undefined) {
    queue = new Queue(queueName(id), { connection });
    queues.set(id, queue);
  }
  let volume = volumes.get(job.source);
  if (volume === undefined) {
    volume = openVolume(job.source, signal);
    volume.catch(() => volumes.delete(job.source)); // a failed open is retried by the next task
    volumes.set(job.source, volume);
  }
  return { store, queue, job, volume: () => volume, runner: runner.get, signal };
}

export default async function process(
  job: SandboxedJob<TaskData>,
  _token?: string,
  signal?: AbortSignal,
): Promise<void> {
  const data = job.data;
  const ctx = await context(data.job, signal);
  await ctx.store.markStarted(data.job);
  if (data.kind === 'detect') await detectTask(ctx, data.z);
  else if (data.kind === 'finish') await finishTask(ctx);
  else if (data.kind === 'plan') await planTask(ctx, data);
  else await writeTask(ctx, data);
}
