/**
 * A corrected copy of a uint8 precomputed volume (`sff restore --precomputed`): same info and
 * chunking, the base scale restored, the other scales regenerated where a slab changed. Works
 * one z slab at a time with bounded memory, and resumes: the output is built in a hidden sibling
 * `.<name>.sff-partial` with a progress manifest, and renamed into place only when complete.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { GrayImage } from '../core/image.js';
import { checkOutputDir, moveIntoPlace } from '../io/precomputed/atomic_dir.js';
import { rawCopyInfoBytes } from '../io/precomputed/chunk_source.js';
import { openVolume } from '../io/precomputed/index.js';
import { FileWriteQueue } from '../io/precomputed/write_queue.js';
import { checkDepth, checkForced, checkNotSource } from './checks.js';
import { OfflineError } from './errors.js';
import type { SectionRecord } from './records.js';
import { type RestoreSettings, restoreSections } from './restore_sections.js';
import { volumeSections } from './sources.js';
import {
  hashBytes,
  PROGRESS_FILE,
  readProgress,
  type RunIdentity,
  type VolumeProgress,
  writeProgress,
} from './volume_progress.js';
import { checkRegenerable, copySlab, writeSlab } from './volume_slabs.js';

/** Written into a finished output: the report, and the mark that says the directory is ours. */
export const VOLUME_REPORT = 'sff-restore.json';

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

export const partialDirOf = (out: string): string =>
  join(dirname(resolve(out)), `.${basename(resolve(out))}.sff-partial`);

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
  const volume = await openVolume(source, signal);
  if (volume.store.isLocal) checkNotSource(volume.store.location, out);
  checkRegenerable(volume.info);
  const base = volume.info.scales[0];
  const depth = base.size[2];
  checkDepth(depth, volume.store.location);
  checkForced(options.force, depth);
  const target = resolve(out);
  const exists = checkOutputDir(out, {
    isOurs: (dir) => existsSync(join(dir, VOLUME_REPORT)),
    what: 'an sff restore output',
  });

  const identity: RunIdentity = {
    source: volume.store.location,
    infoHash: hashBytes(volume.infoBytes),
    detect: options.detect,
    force: [...options.force].sort((a, b) => a - b),
    method: options.method ?? 'full',
  };
  const partial = partialDirOf(out);
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

  const chunkDepth = base.chunk_sizes[0][2];
  const files = new FileWriteQueue();
  let slab: Array<{ record: SectionRecord; restored?: GrayImage }> = [];
  const finishSlab = async (): Promise<void> => {
    const z0 = slab[0].record.z;
    const z1 = z0 + slab.length;
    if (slab.every((s) => s.restored === undefined)) {
      await copySlab(volume, partial, files, z0, z1, signal);
      result.copiedSlabs++;
    } else {
      const sections = await Promise.all(slab.map((s) => s.restored ?? volume.section(s.record.z, signal)));
      await writeSlab(volume.info, partial, files, z0, sections);
      result.writtenSlabs++;
    }
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
  // Chunks are written decoded (raw, unsharded) whatever the source's encoding and sharding.
  writeFileSync(join(partial, 'info'), rawCopyInfoBytes(volume.infoBytes, volume.info));
  writeFileSync(
    join(partial, VOLUME_REPORT),
    JSON.stringify({ source: identity.source, sections: progress.records }, null, 1) + '\n',
  );
  rmSync(join(partial, PROGRESS_FILE));
  await moveIntoPlace(partial, target, exists);
  return result;
}
