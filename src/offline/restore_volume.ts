/**
 * A corrected copy of a uint8 volume (`sff restore --precomputed` / `--zarr`): same info and
 * chunking. Folds are detected and their geometry estimated on a coarse scale, section by
 * section; then each z slab is written at every scale, block by block — restored where a fold
 * reaches, as read elsewhere — so memory is bounded by blocks whatever the section's size. It
 * resumes: the output is built in a hidden sibling `.<name>.sff-partial` with a progress
 * manifest, and renamed into place only when complete.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openChunkSink, type OutputEncoding } from '../io/precomputed/chunk_sink.js';
import { FileWriteQueue } from '../io/precomputed/write_queue.js';
import { OfflineError } from './errors.js';
import { planningOf } from './plan_sections.js';
import type { SectionRecord } from './records.js';
import { type RestoreSettings, restoreSections } from './restore_sections.js';
import { type PlannedSection, plannedSection, writePlannedSlab } from './volume_blocks.js';
import {
  PROGRESS_FILE,
  readProgress,
  type RunIdentity,
  type VolumeProgress,
  writeProgress,
} from './volume_progress.js';
import { completeVolume, openVolumeTarget } from './volume_target.js';

export interface VolumeRestoreOptions extends RestoreSettings {
  /** After each slab reached the disk: sections finished so far, of all. */
  onSlab?: (done: number, total: number) => void;
  /** The copy's chunks: as the source stores them (default; jpeg as png) or raw unsharded. */
  encoding?: OutputEncoding;
}

export interface VolumeRestoreResult {
  records: SectionRecord[];
  /** Sections already finished by an earlier, interrupted run. */
  resumedAt: number;
  /** Slabs copied chunk by chunk because nothing in them changed, and slabs rewritten. */
  copiedSlabs: number;
  writtenSlabs: number;
}

/** Opens the partial output: the manifest when it continues this run, else a fresh directory. */
function preparePartial(partial: string, identity: RunIdentity, scaleKeys: string[]): VolumeProgress | undefined {
  if (existsSync(partial)) {
    const progress = readProgress(partial, identity);
    if (progress !== undefined) return progress;
    if (!existsSync(join(partial, PROGRESS_FILE)) && readdirSync(partial).length > 0) {
      throw new OfflineError(`${partial} exists and is not an unfinished sff restore; remove it`);
    }
    rmSync(partial, { recursive: true, force: true }); // ours, from another run or source: start afresh
  }
  for (const key of scaleKeys) mkdirSync(join(partial, key), { recursive: true });
  return undefined;
}

export async function restoreVolume(
  source: string,
  out: string,
  options: VolumeRestoreOptions,
): Promise<VolumeRestoreResult> {
  const { signal } = options;
  const { volume, depth, chunkDepth, target, exists, partial, identity, detectionScale } = await openVolumeTarget(
    source,
    out,
    options,
  );
  const earlier = preparePartial(
    partial,
    identity,
    volume.info.scales.map((s) => s.key),
  );
  const progress: VolumeProgress = earlier ?? { version: 1, ...identity, done: 0, records: [] };
  const resumedAt = progress.done;
  const known = new Map(
    progress.records.map((r) => [r.z, { flagged: r.flagged, score: r.score ?? 0, segments: r.segments }]),
  );
  const result: VolumeRestoreResult = { records: progress.records, resumedAt, copiedSlabs: 0, writtenSlabs: 0 };

  const files = new FileWriteQueue();
  const output = openChunkSink(partial, volume.info, volume.infoBytes, { files, encoding: options.encoding });
  let slab: PlannedSection[] = [];
  const finishSlab = async (): Promise<void> => {
    const z1 = slab[0].record.z + slab.length;
    const outcome = await writePlannedSlab(volume, output.sink, slab, {
      runner: options.runner,
      method: options.method,
      signal,
    });
    if (outcome === 'copied') result.copiedSlabs++;
    else result.writtenSlabs++;
    await files.flush();
    progress.records.push(...slab.map((s) => s.record));
    progress.done = z1;
    writeProgress(partial, progress);
    slab = [];
    options.onSlab?.(z1, depth);
  };
  try {
    const planning = planningOf(volume, detectionScale, options);
    for await (const outcome of restoreSections(planning.sections, planning.settings, { from: resumedAt, known })) {
      slab.push(plannedSection(outcome));
      if (slab.length === chunkDepth || outcome.record.z === depth - 1) await finishSlab();
      signal?.throwIfAborted();
    }
  } finally {
    await files.settle(); // an interrupted run leaves whole files only; the manifest says which count
  }
  await output.sink.finish(signal);
  rmSync(join(partial, PROGRESS_FILE));
  await completeVolume(volume, partial, target, exists, progress.records, output.infoBytes);
  return result;
}
