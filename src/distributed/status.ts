/**
 * Where a distributed restore stands, from BullMQ's task counts in the job's queue and the job's
 * records: tasks done, failed, waiting (queued, or not planned yet but still reachable) and
 * running; tasks that can never run because one they wait for failed (blocked); pixels per
 * second and the time left at that rate; each failed task with its error. The total grows as
 * slabs are planned: a slab's write tasks (one per fold-influenced block, copies for the rest)
 * are known once its planning task ran.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobStore, queueName } from './job_store.js';
import { describeTask, type TaskData } from './tasks.js';

export interface JobProgress {
  job: string;
  source: string;
  target: string;
  total: number;
  done: number;
  failed: number;
  waiting: number;
  running: number;
  blocked: number;
  /** Nothing is waiting or running: the job ended, complete or not. */
  finished: boolean;
  /** The output is in place. */
  complete: boolean;
  sectionsDone: number;
  sections: number;
  /** Sections all of whose blocks are written, at every scale. */
  mpixPerSecond: number | null;
  /** Seconds left at that rate; null when unknown or finished. */
  etaSeconds: number | null;
  failures: Array<{ task: string; error: string }>;
}

/** Failed tasks listed at most (a bad volume can fail thousands; the counts stay exact). */
const FAILURES_SHOWN = 50;

export async function jobProgress(redis: Redis, id: string): Promise<JobProgress> {
  const store = new JobStore(redis);
  const job = await store.description(id);
  const queue = new Queue<TaskData>(queueName(id), { connection: redis });
  try {
    const counts = await queue.getJobCounts(
      'active',
      'completed',
      'failed',
      'delayed',
      'prioritized',
      'waiting',
      'waiting-children',
    );
    const queued = counts.waiting + counts.delayed + counts.prioritized + counts['waiting-children'];
    const slabTasks = await store.slabTaskCounts(id);
    const total = job.tasks + [...slabTasks.values()].reduce((a, b) => a + b, 0);
    // Tasks not in the queue yet are planning and write tasks that earlier tasks will add, unless nothing runs any more.
    const unplanned = Math.max(0, total - counts.completed - counts.failed - counts.active - queued);
    const runnable = counts.active + queued - counts['waiting-children'];
    const finished = runnable === 0;
    const failures = (await queue.getFailed(0, FAILURES_SHOWN - 1)).map((task) => ({
      task: describeTask(task.data),
      error: (task.failedReason ?? 'failed').split('\n')[0],
    }));
    const written = await store.writtenCounts(id);
    let sectionsDone = 0;
    for (const [z0, n] of slabTasks)
      if (written.perSlab.get(z0) === n) sectionsDone += Math.min(job.chunkDepth, job.depth - z0);
    const voxels = written.voxels;
    const { started, last } = await store.times(id);
    const until = finished ? last : Date.now();
    const seconds = started !== undefined && until !== undefined ? (until - started) / 1000 : 0;
    const mpixPerSecond = seconds > 0 && voxels > 0 ? voxels / 1e6 / seconds : null;
    const left = (job.voxels - voxels) / 1e6;
    return {
      job: id,
      source: job.source,
      target: job.target,
      total,
      done: counts.completed,
      failed: counts.failed,
      waiting: finished ? 0 : queued + unplanned,
      running: counts.active,
      blocked: finished ? total - counts.completed - counts.failed : 0,
      finished,
      complete: !(await store.isLive(id)),
      sectionsDone,
      sections: job.depth,
      mpixPerSecond,
      etaSeconds: finished || mpixPerSecond === null ? null : left / mpixPerSecond,
      failures,
    };
  } finally {
    await queue.close();
  }
}
