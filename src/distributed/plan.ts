/**
 * `sff restore --precomputed … --queue redis://…`: checks the source and the output as the
 * single-process restore does, prepares the partial output on the shared storage, describes the
 * job in Redis and adds its first tasks; the volume is never read past its info. `resume` keeps
 * the partial output and what Redis already knows (detections, planned slabs, written blocks) and
 * re-plans only the rest, after dropping the old queue (its failed tasks, and the leases of dead
 * workers).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RestoreSettings } from '../offline/restore_sections.js';
import type { RunIdentity } from '../offline/volume_progress.js';
import { openVolumeTarget, type VolumeTarget } from '../offline/volume_target.js';
import { queueError } from './connection.js';
import { type JobDescription, JobStore, queueName } from './job_store.js';
import { JOB_MARK, STAGING_DIR, unwrittenTasks } from './run_tasks.js';
import { detectionWindow, slabs } from './slab_plan.js';
import { jobFlow, planTaskData, type TaskData } from './tasks.js';

export interface PlanResult {
  job: string;
  /** Tasks of the whole job, and tasks added now (fewer on a resume). */
  total: number;
  planned: number;
  resumed: boolean;
}

interface JobMark {
  job: string;
  identity: RunIdentity;
}

function readMark(partial: string): JobMark | undefined {
  try {
    return JSON.parse(readFileSync(join(partial, JOB_MARK), 'utf8')) as JobMark;
  } catch {
    return undefined;
  }
}

/** A fresh partial output; an earlier one of ours is replaced, anything else refused. */
async function freshPartial(target: VolumeTarget, store: JobStore, url: string): Promise<string> {
  const { partial } = target;
  if (existsSync(partial)) {
    const mark = readMark(partial);
    if (mark !== undefined && (await store.isLive(mark.job)))
      throw queueError(
        `job ${mark.job} is already restoring ${target.target}: follow it with sff status --queue ${url} ${mark.job}, ` +
          `or give --resume to re-plan what it has left (or remove ${partial} to start afresh)`,
      );
    const ours = mark !== undefined || existsSync(join(partial, 'progress.json'));
    if (!ours && readdirSync(partial).length > 0)
      throw queueError(`${partial} exists and is not an unfinished sff restore; remove it`);
    rmSync(partial, { recursive: true, force: true });
  }
  for (const key of [...target.volume.info.scales.map((s) => s.key), STAGING_DIR])
    mkdirSync(join(partial, key), { recursive: true });
  const job = randomBytes(4).toString('hex');
  writeFileSync(join(partial, JOB_MARK), JSON.stringify({ job, identity: target.identity } satisfies JobMark) + '\n');
  return job;
}

/** The job an unfinished output belongs to, when it was planned with the same settings. */
function resumedJob(target: VolumeTarget): string {
  const mark = readMark(target.partial);
  if (mark === undefined)
    throw queueError(`nothing to resume: ${target.target} has no planned job; plan it without --resume`);
  if (JSON.stringify(mark.identity) !== JSON.stringify(target.identity))
    throw queueError(
      `job ${mark.job} restores ${target.target} from another source or with other settings; plan it again without --resume`,
    );
  return mark.job;
}

export async function planRestore(
  redis: Redis,
  url: string,
  source: string,
  out: string,
  settings: Pick<RestoreSettings, 'detect' | 'force' | 'method' | 'signal'>,
  resume: boolean,
): Promise<PlanResult> {
  const target = await openVolumeTarget(source, out, settings);
  const store = new JobStore(redis);
  const id = resume ? resumedJob(target) : await freshPartial(target, store, url);
  const [width, height] = target.volume.info.scales[0].size;
  const shape = { depth: target.depth, chunkDepth: target.chunkDepth };
  const all = slabs(shape);
  const detect = settings.detect;
  const job: JobDescription = {
    version: 1,
    id,
    source: target.volume.store.location,
    target: target.target,
    partial: target.partial,
    identity: target.identity,
    width,
    height,
    depth: target.depth,
    chunkDepth: target.chunkDepth,
    detectionScale: target.detectionScale,
    tasks: (detect ? target.depth : 0) + all.length + 1,
    voxels: target.volume.info.scales.reduce((n, s) => n + s.size[0] * s.size[1] * s.size[2], 0),
    plannedAt: Date.now(),
  };
  const queue = new Queue(queueName(id), { connection: redis });
  try {
    await queue.obliterate({ force: true });
    if (!resume) await store.clearResults(id);
    await store.describe(job);
    const detected = detect ? await store.detectedSections(id) : new Set<number>();
    const plans = await store.slabPlans(id);
    const first: TaskData[] = [];
    if (detect) for (let z = 0; z < target.depth; z++) if (!detected.has(z)) first.push({ job: id, kind: 'detect', z });
    for (const slab of all) {
      const plan = plans.get(slab.z0);
      if (plan !== undefined) first.push(...(await unwrittenTasks(store, id, target.volume.info, slab, plan.plans)));
      // Slabs whose detections are all known (all of them without detection) need no detection task to plan them.
      else if (detectionWindow(slab, target.depth).every((z) => !detect || detected.has(z)))
        first.push(planTaskData(id, slab));
    }
    const flows = new FlowProducer({ connection: redis });
    try {
      await flows.add(jobFlow(queueName(id), id, first));
    } finally {
      await flows.close();
    }
    const writeTasks = [...plans.values()].reduce((n, p) => n + p.tasks, 0);
    return { job: id, total: job.tasks + writeTasks, planned: first.length + 1, resumed: resume };
  } finally {
    await queue.close();
  }
}
