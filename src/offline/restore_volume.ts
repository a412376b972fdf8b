/**
 * A corrected copy of a uint8 precomputed volume (`sff restore --precomputed`): same info and
 * chunking, the base scale restored, the other scales regenerated where a slab changed. Works
 * one z slab at a time with bounded memory, and resumes: the output is built in a hidden sibling
 * `.<name>.sff-partial` with a progress manifest, and renamed into place only when complete.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GrayImage } from '../core/image.js';
import { FileWriteQueue } from '../io/precomputed/write_queue.js';
import { OfflineError } from './errors.js';
import type { SectionRecord } from './records.js';
import { type RestoreSettings, restoreSections } from './restore_sections.js';
import { volumeSections } from './sources.js';
import {
  PROGRESS_FILE,
  readProgress,
  type RunIdentity,
  type VolumeProgress,
  writeProgress,
} from './volume_progress.js';
import { writeOrCopySlab } from './volume_slabs.js';
import { completeVolume, openVolumeTarget } from './volume_target.js';

export interface VolumeRestoreOptions extends RestoreSettings {
  /** After each slab reached the disk: sections finished so far, of all. */
  onSlab?: (done: number, total: number) => void;
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
  const { volume, depth, chunkDepth, target, exists, partial, identity } = await openVolumeTarget(source, out, options);
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
  let slab: Array<{ record: SectionRecord; restored?: GrayImage }> = [];
  const finishSlab = async (): Promise<void> => {
    const z0 = slab[0].record.z;
    const z1 = z0 + slab.length;
    const outcome = await writeOrCopySlab(
      volume,
      partial,
      files,
      z0,
      slab.map((s) => s.restored),
      signal,
    );
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
    for await (const outcome of restoreSections(volumeSections(volume), options, { from: resumedAt, known })) {
      slab.push(outcome);
      if (slab.length === chunkDepth || outcome.record.z === depth - 1) await finishSlab();
      signal?.throwIfAborted();
    }
  } finally {
    await files.settle(); // an interrupted run leaves whole files only; the manifest says which count
  }
  rmSync(join(partial, PROGRESS_FILE));
  await completeVolume(volume, partial, target, exists, progress.records);
  return result;
}
