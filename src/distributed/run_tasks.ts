/**
 * What each task does, with the single-process engine's own pieces so the output is the same
 * byte for byte: a detection is `SectionWindow.detection` on the detection scale (the section with
 * z ± 1); a restore slab is `restoreSections` planning (fold geometry, neighbours) from the slab on,
 * with the flags learned before it, stopped after it, and written block by block by
 * `writePlannedSlab`; `finish` is `completeVolume`. Chunks are written through a
 * staging directory and renamed, so a task killed mid-write leaves whole chunks only and a re-run
 * writes the same bytes.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import type { ModelRunner } from '../inference/model_runner.js';
import { openChunkSink } from '../io/precomputed/chunk_sink.js';
import type { OpenVolume } from '../io/precomputed/index.js';
import { FileWriteQueue } from '../io/precomputed/write_queue.js';
import { detectionOptions, planningOf } from '../offline/plan_sections.js';
import type { FoldSummary } from '../offline/records.js';
import { sectionRecord } from '../offline/records.js';
import { type RestoreSettings, restoreSections } from '../offline/restore_sections.js';
import { SectionWindow } from '../offline/section_window.js';
import { scaleSections } from '../offline/sources.js';
import { type PlannedSection, plannedSection, writePlannedSlab } from '../offline/volume_blocks.js';
import { completeVolume, openVolumeTarget, VOLUME_REPORT } from '../offline/volume_target.js';
import type { PipelineMethod } from '../restoration/pipeline.js';
import { queueError } from './connection.js';
import type { JobDescription, JobStore } from './job_store.js';
import { detectionWindow, needsRestoring, type Slab, slabsNear } from './slab_plan.js';
import { addChildTask, slabTaskData } from './tasks.js';

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
function settingsOf(job: JobDescription): Pick<RestoreSettings, 'detect' | 'force' | 'method'> {
  const { detect, force, method } = job.identity;
  return { detect, force: new Set(force), method: method as PipelineMethod };
}

/** Adds the task of every slab near z whose detection window is now complete (and not done yet). */
export async function planReadySlabs(ctx: TaskContext, candidates: readonly Slab[]): Promise<number> {
  const { job, store } = ctx;
  const done = await store.finishedSlabs(job.id);
  let planned = 0;
  for (const slab of candidates) {
    if (done.has(slab.z0)) continue;
    const window = detectionWindow(slab, job.depth);
    const known = await store.detections(job.id, window);
    if (known.size < window.length) continue;
    const restore = needsRestoring(slab, job.identity.force, (z) => known.get(z)?.summary);
    await addChildTask(ctx.queue, slabTaskData(job.id, slab, restore));
    planned++;
  }
  return planned;
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

export async function slabTask(ctx: TaskContext, slab: Slab, restore: boolean): Promise<void> {
  const { job, store, signal } = ctx;
  const volume = await ctx.volume();
  const known = job.identity.detect
    ? await store.detections(job.id, detectionWindow(slab, job.depth))
    : new Map<number, { summary: FoldSummary; ms: number }>();
  const settings = { ...settingsOf(job), runner: ctx.runner, signal };
  const sections: PlannedSection[] = [];
  if (restore) {
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
  const files = new FileWriteQueue({ stagingDir: join(job.partial, STAGING_DIR) });
  let outcome;
  try {
    const { sink } = openChunkSink(job.partial, volume.info, volume.infoBytes, { files });
    outcome = await writePlannedSlab(volume, sink, sections, settings);
    await files.flush();
  } finally {
    await files.settle();
  }
  await store.putSlab(job.id, slab.z0, { records: sections.map((s) => s.record), outcome });
}

/** Writes the info and report and renames the output into place; a re-run after that is a no-op. */
export async function finishTask(ctx: TaskContext): Promise<void> {
  const { job, store } = ctx;
  if (!existsSync(job.partial) && existsSync(join(job.target, VOLUME_REPORT))) {
    await store.retire(job.id); // renamed by an earlier try of this task that died right after
    return;
  }
  const results = await store.slabResults(job.id);
  const records = [...results.entries()].sort(([a], [b]) => a - b).flatMap(([, r]) => r.records);
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
