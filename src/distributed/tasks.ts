/**
 * The tasks of a distributed restore, as BullMQ jobs in the job's own queue. The planner adds one
 * flow: the final task (`finish`) as parent, a detection task per section as its children. A
 * detection task that completes the detection window of a slab adds that slab's task (restore, or
 * copy when nothing in it is flagged or forced) as one more child of `finish`, before it completes
 * itself, so `finish` runs only once every slab is written. Task ids are fixed (`detect-12`,
 * `slab-64`, `finish`): a task added twice is added once.
 */
import type { FlowJob, JobsOptions, Queue } from 'bullmq';
import type { Slab } from './slab_plan.js';

export type TaskData = { job: string } & (
  { kind: 'detect'; z: number } | { kind: 'restore' | 'copy'; z0: number; z1: number } | { kind: 'finish' }
);

/** Tries per task before it is reported failed (a retry waits 1 s, then 2 s). */
export const ATTEMPTS = 3;

export const FINISH_ID = 'finish';

/** Kept once done: their ids make re-adding a task a no-op, and their counts are the progress. */
const TASK_OPTIONS: JobsOptions = {
  attempts: ATTEMPTS,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: false,
  removeOnFail: false,
};

/** A child that fails for good fails `finish` too: the output is never completed without it. */
const CHILD_OPTIONS: JobsOptions = { ...TASK_OPTIONS, failParentOnFailure: true };

export function taskId(data: TaskData): string {
  if (data.kind === 'detect') return `detect-${data.z}`;
  if (data.kind === 'finish') return FINISH_ID;
  return `slab-${data.z0}`;
}

/** One line naming the task: "detect z 12", "restore z 8-9", "finish". */
export function describeTask(data: TaskData): string {
  if (data.kind === 'detect') return `detect z ${data.z}`;
  if (data.kind === 'finish') return 'finish (info, report, rename into place)';
  return `${data.kind} z ${data.z0}-${data.z1 - 1}`;
}

export function slabTaskData(job: string, slab: Slab, restore: boolean): TaskData {
  return { job, kind: restore ? 'restore' : 'copy', z0: slab.z0, z1: slab.z1 };
}

/** The planner's flow: `finish` over the first tasks. */
export function jobFlow(queueName: string, job: string, children: readonly TaskData[]): FlowJob {
  const finish: TaskData = { job, kind: 'finish' };
  return {
    name: finish.kind,
    queueName,
    data: finish,
    opts: { ...TASK_OPTIONS, jobId: FINISH_ID },
    children: children.map((data) => ({
      name: data.kind,
      queueName,
      data,
      opts: { ...CHILD_OPTIONS, jobId: taskId(data) },
    })),
  };
}

/** Adds a task under `finish` while the job runs (a detection task planning a slab). */
export async function addChildTask(queue: Queue, data: TaskData): Promise<void> {
  await queue.add(data.kind, data, {
    ...CHILD_OPTIONS,
    jobId: taskId(data),
    parent: { id: FINISH_ID, queue: queue.qualifiedName },
  });
}
