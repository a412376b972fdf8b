/**
 * What each task does, with the single-process engine's own pieces so the output is the same
 * byte for byte: a detection is `SectionWindow.detection` on the detection scale (the section with
 * z ± 1); a slab's planning is `restoreSections` planning (fold geometry, neighbours) from the slab
 * on, with the flags learned before it, stopped after it; a restore task writes one block of a
 * scale, a copy task its clean blocks (write_task.ts); `finish` is `completeVolume`, with the
 * records and notes in the single-process order.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import type { ModelRunner } from '../inference/model_runner.js';
import { openChunkSink } from '../io/precomputed/chunk_sink.js';
import type { OpenVolume, PrecomputedInfo } from '../io/precomputed/index.js';
import { detectionOptions, planningOf } from '../offline/plan_sections.js';
import { type FoldSummary, type SectionRecord, sectionRecord } from '../offline/records.js';
import { type RestoreSettings, restoreSections } from '../offline/restore_sections.js';
import { SectionWindow } from '../offline/section_window.js';
import { scaleSections } from '../offline/sources.js';
import { type PlannedSection, plannedSection, type SectionPlanRecord } from '../offline/volume_blocks.js';
import { completeVolume, openVolumeTarget, VOLUME_REPORT } from '../offline/volume_target.js';
import type { PipelineMethod } from '../restoration/pipeline.js';
import { blockTasks } from './block_plan.js';
import { queueError } from './connection.js';
import type { JobDescription, JobStore } from './job_store.js';
import { detectionWindow, needsRestoring, type Slab, slabsNear } from './slab_plan.js';
import { addChildTasks, planTaskData, type TaskData, taskId, writeTaskData } from './tasks.js';

/** Beside the chunks in the partial output: temporaries of whole-file writes, and the job's mark. */
export const STAGING_DIR = '.sff-staging';
export const JOB_MARK = '.sff-job.json';

export interface TaskContext {
  store: JobStore;
  queue: Queue;
  job: JobDescription;
  volume: () => Promise<OpenVolume>;
  runner: () => Promise<ModelRunner>;
  signal?: AbortSignal;
}

/** The restore settings the job was planned with. */
export function settingsOf(job: JobDescription): Pick<RestoreSettings, 'detect' | 'force' | 'method'> {
  const { detect, force, method } = job.identity;
  return { detect, force: new Set(force), method: method as PipelineMethod };
}

/** Adds the planning task of every slab near z whose detection window is now complete (and not planned yet). */
export async function planReadySlabs(ctx: TaskContext, candidates: readonly Slab[]): Promise<void> {
  const { job, store } = ctx;
  const planned = await store.plannedSlabs(job.id);
  const ready: TaskData[] = [];
  for (const slab of candidates) {
    if (planned.has(slab.z0)) continue;
    const window = detectionWindow(slab, job.depth);
    if ((await store.detections(job.id, window)).size === window.length) ready.push(planTaskData(job.id, slab));
  }
  await addChildTasks(ctx.queue, ready);
}

export async function detectTask(ctx: TaskContext, z: number): Promise<void> {
  const { job, store } = ctx;
  if ((await store.detections(job.id, [z])).size === 0) {
    const volume = await ctx.volume();
    const options = detectionOptions(volume.info, job.detectionScale);
    const window = new SectionWindow(scaleSections(volume, job.detectionScale), options, ctx.signal);
    await window.detection(z);
    await store.putDetection(job.id, z, { summary: window.summary(z)!, ms: window.detectionMs(z) });
  }
  await planReadySlabs(ctx, slabsNear(z, job));
}

/** The slab's sections: planned as restoreSections plans them when one is flagged or forced, else recorded. */
async function planSections(ctx: TaskContext, slab: Slab): Promise<PlannedSection[]> {
  const { job, store } = ctx;
  const volume = await ctx.volume();
  const known = job.identity.detect
    ? await store.detections(job.id, detectionWindow(slab, job.depth))
    : new Map<number, { summary: FoldSummary; ms: number }>();
  const settings = { ...settingsOf(job), runner: ctx.runner, signal: ctx.signal };
  const sections: PlannedSection[] = [];
  if (needsRestoring(slab, job.identity.force, (z) => known.get(z)?.summary)) {
    // Flags before the slab come from their detection tasks; the slab's own are detected again
    // because planning needs the masks, which are not kept.
    const before = new Map([...known].filter(([z]) => z < slab.z0).map(([z, d]) => [z, d.summary]));
    const planning = planningOf(volume, job.detectionScale, settings);
    for await (const outcome of restoreSections(planning.sections, planning.settings, {
      from: slab.z0,
      known: before,
    })) {
      sections.push(plannedSection(outcome));
      if (outcome.record.z === slab.z1 - 1) break;
    }
  } else {
    for (let z = slab.z0; z < slab.z1; z++) {
      const d = known.get(z);
      sections.push({ record: sectionRecord(z, d?.summary, settings.force.has(z), Math.round(d?.ms ?? 0)) });
    }
  }
  return sections;
}

/** Plans the slab (kept in Redis: a re-run or --resume reuses it) and adds its unwritten write tasks. */
export async function planTask(ctx: TaskContext, slab: Slab): Promise<void> {
  const { job, store } = ctx;
  let plan = await store.slabPlan(job.id, slab.z0);
  if (plan === undefined) {
    const sections = await planSections(ctx, slab);
    const plans = sections.flatMap((s) => (s.plan ? [s.plan] : []));
    const tasks = blockTasks((await ctx.volume()).info, slab, plans).length;
    plan = { records: sections.map((s) => s.record), plans, tasks };
    await store.putSlabPlan(job.id, slab.z0, plan);
  }
  await addChildTasks(ctx.queue, await unwrittenTasks(store, job.id, (await ctx.volume()).info, slab, plan.plans));
}

/** The write tasks of a planned slab not written yet. */
export async function unwrittenTasks(
  store: JobStore,
  id: string,
  info: PrecomputedInfo,
  slab: Slab,
  plans: readonly SectionPlanRecord[],
): Promise<TaskData[]> {
  const tasks = blockTasks(info, slab, plans).map((task) => writeTaskData(id, slab, task));
  const written = await store.writtenAmong(id, tasks.map(taskId));
  return tasks.filter((data) => !written.has(taskId(data)));
}

/** The records of every section, with the notes of the write tasks in the single-process order. */
async function jobRecords(store: JobStore, job: JobDescription): Promise<SectionRecord[]> {
  const plans = await store.slabPlans(job.id);
  const records = [...plans.entries()].sort(([a], [b]) => a - b).flatMap(([, p]) => p.records);
  const byZ = new Map(records.map((r) => [r.z, r]));
  const written = (await store.writtenNotes(job.id)).sort((a, b) => a.scale - b.scale || a.block - b.block);
  for (const { notes } of written) for (const { z, note } of notes) byZ.get(z)?.notes.push(note);
  return records;
}

/** Writes the info and report and renames the output into place; a re-run after that is a no-op. */
export async function finishTask(ctx: TaskContext): Promise<void> {
  const { job, store } = ctx;
  if (!existsSync(job.partial) && existsSync(join(job.target, VOLUME_REPORT))) {
    await store.retire(job.id); // renamed by an earlier try of this task that died right after
    return;
  }
  const records = await jobRecords(store, job);
  if (records.length !== job.depth)
    throw queueError(`job ${job.id}: ${records.length} of ${job.depth} sections written; cannot finish`);
  const { volume, partial, target, exists } = await openVolumeTarget(job.source, job.target, settingsOf(job));
  for (const name of [STAGING_DIR, JOB_MARK]) rmSync(join(partial, name), { recursive: true, force: true });
  // The copy in the source's encoding and sharding (chunk_sink.ts): shard files are assembled here.
  const output = openChunkSink(partial, volume.info, volume.infoBytes);
  await output.sink.finish();
  await completeVolume(volume, partial, target, exists, records, output.infoBytes);
  await store.retire(job.id);
}
