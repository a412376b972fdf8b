/**
 * The tasks of a distributed restore, as BullMQ jobs in the job's own queue. The planner adds one
 * flow: the final task (`finish`) as parent, a detection task per section as its children. A
 * detection task that completes the detection window of a slab adds that slab's planning task;
 * the planning task fixes the slab's fold geometry and adds its write tasks (a restore task per
 * fold-influenced block, copy tasks for the clean blocks: block_plan.ts). Each task adds its
 * successors as more children of `finish` before it completes itself, so `finish` runs only once
 * every block is written. Task ids are fixed (`detect-12`, `plan-64`, `restore-64-0-7`,
 * `copy-64-1-0`, `finish`): a task added twice is added once.
 */
import type { FlowJob, JobsOptions, Queue } from 'bullmq';
import type { BlockTask } from './block_plan.js';
import type { Slab } from './slab_plan.js';

export type WriteTaskData = { job: string; z0: number; z1: number } & BlockTask;

export type TaskData =
  | ({ job: string } & ({ kind: 'detect'; z: number } | { kind: 'plan'; z0: number; z1: number } | { kind: 'finish' }))
  | WriteTaskData;

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
  if (data.kind === 'plan') return `plan-${data.z0}`;
  return `${data.kind}-${data.z0}-${data.scale}-${data.blocks[0]}`;
}

/** One line naming the task: "detect z 12", "restore z 8-9 scale 0 block 3", "finish …". */
export function describeTask(data: TaskData): string {
  if (data.kind === 'detect') return `detect z ${data.z}`;
  if (data.kind === 'finish') return 'finish (info, report, rename into place)';
  const z = `z ${data.z0}-${data.z1 - 1}`;
  if (data.kind === 'plan') return `plan ${z}`;
  const blocks = data.blocks;
  const which = blocks.length === 1 ? `block ${blocks[0]}` : `${blocks.length} blocks ${blocks[0]}…${blocks.at(-1)}`;
  return `${data.kind} ${z} scale ${data.scale} ${which}`;
}

export function planTaskData(job: string, slab: Slab): TaskData {
  return { job, kind: 'plan', z0: slab.z0, z1: slab.z1 };
}

export function writeTaskData(job: string, slab: Slab, task: BlockTask): WriteTaskData {
  return { job, z0: slab.z0, z1: slab.z1, ...task };
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

/** Tasks per Redis round trip when many are added (a large section's blocks). */
const ADD_BATCH = 500;

/** Adds tasks under `finish` while the job runs (a detection planning a slab, a plan its blocks). */
export async function addChildTasks(queue: Queue, tasks: readonly TaskData[]): Promise<void> {
  const parent = { id: FINISH_ID, queue: queue.qualifiedName };
  for (let i = 0; i < tasks.length; i += ADD_BATCH)
    await queue.addBulk(
      tasks
        .slice(i, i + ADD_BATCH)
        .map((data) => ({ name: data.kind, data, opts: { ...CHILD_OPTIONS, jobId: taskId(data), parent } })),
    );
}
