/**
 * What every engine that writes a corrected volume shares (the single-process `restoreVolume`
 * and the distributed one in src/distributed): the checks on the source and the output, the run
 * identity, the hidden partial directory the output grows in, and the last step that writes the
 * info and report and renames the finished output into place.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { checkOutputDir, moveIntoPlace } from '../io/precomputed/atomic_dir.js';
import type { OutputEncoding } from '../io/precomputed/chunk_sink.js';
import { type OpenVolume, openVolume } from '../io/precomputed/index.js';
import { checkDepth, checkForced, checkNotSource } from './checks.js';
import { checkChunkDepths, detectionScaleIndex } from './detection_scale.js';
import type { SectionRecord } from './records.js';
import type { RestoreSettings } from './restore_sections.js';
import { hashBytes, type RunIdentity } from './volume_progress.js';

/** Written into a finished output: the report, and the mark that says the directory is ours. */
export const VOLUME_REPORT = 'sff-restore.json';

export const partialDirOf = (out: string): string =>
  join(dirname(resolve(out)), `.${basename(resolve(out))}.sff-partial`);

export interface VolumeTarget {
  volume: OpenVolume;
  /** Sections of the base scale, and sections per chunk (one slab). */
  depth: number;
  chunkDepth: number;
  /** The output path (absolute), whether it exists already, and where it grows until complete. */
  target: string;
  exists: boolean;
  partial: string;
  identity: RunIdentity;
  /** Index of the scale folds are detected on (detection_scale.ts). */
  detectionScale: number;
}

/** Opens the source and checks it and the output; nothing is written. */
export async function openVolumeTarget(
  source: string,
  out: string,
  settings: Pick<RestoreSettings, 'detect' | 'force' | 'method' | 'signal' | 'detector'> & {
    encoding?: OutputEncoding;
  },
): Promise<VolumeTarget> {
  const volume = await openVolume(source, settings.signal);
  if (volume.store.isLocal) checkNotSource(volume.store.location, out);
  checkChunkDepths(volume.info, volume.store.location);
  const detectionScale = detectionScaleIndex(volume.info, volume.store.location);
  const base = volume.info.scales[0];
  const depth = base.size[2];
  checkDepth(depth, volume.store.location);
  checkForced(settings.force, depth);
  const exists = checkOutputDir(out, {
    isOurs: (dir) => existsSync(join(dir, VOLUME_REPORT)),
    what: 'an sff restore output',
  });
  const identity: RunIdentity = {
    source: volume.store.location,
    infoHash: hashBytes(volume.infoBytes),
    detect: settings.detect,
    force: [...settings.force].sort((a, b) => a - b),
    method: settings.method ?? 'full',
    encoding: settings.encoding ?? 'source',
    detector: settings.detector?.name ?? 'hand-tuned',
  };
  return {
    volume,
    depth,
    chunkDepth: base.chunk_sizes[0][2],
    target: resolve(out),
    exists,
    partial: partialDirOf(out),
    identity,
    detectionScale,
  };
}

/** Writes the info and the report into the finished partial output and renames it into place. */
export async function completeVolume(
  volume: OpenVolume,
  partial: string,
  target: string,
  exists: boolean,
  records: readonly SectionRecord[],
  /** The copy's info (chunk_sink.ts openChunkSink gives it with the sink that wrote the chunks). */
  infoBytes: Uint8Array,
): Promise<void> {
  writeFileSync(join(partial, 'info'), infoBytes);
  writeFileSync(
    join(partial, VOLUME_REPORT),
    JSON.stringify({ source: volume.store.location, sections: records }, null, 1) + '\n',
  );
  await moveIntoPlace(partial, target, exists);
}
