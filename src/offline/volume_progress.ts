/**
 * The resume manifest of `sff restore --precomputed`: which sections of the output are finished,
 * what was learned about them, and the run it belongs to. It lives in the unfinished output
 * (`progress.json` in a hidden sibling of the target) and is replaced atomically after every slab,
 * so an interrupted run restarts after the last slab that reached the disk.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SectionRecord } from './records.js';

export const PROGRESS_FILE = 'progress.json';

/** What must match for a partial output to be continued rather than started afresh. */
export interface RunIdentity {
  source: string;
  /** sha256 of the source's info file: a changed volume invalidates the partial output. */
  infoHash: string;
  detect: boolean;
  force: number[];
  method: string;
  /** The copy's chunk encoding (chunk_sink.ts); a run that changes it starts afresh. */
  encoding: string;
  /** The fold detector's name (offline/detector.ts); another detector flags other sections. */
  detector: string;
}

export interface VolumeProgress extends RunIdentity {
  version: 1;
  /** Sections [0, done) are written at every scale. */
  done: number;
  records: SectionRecord[];
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest in `dir` when it belongs to the same run, else undefined (start afresh). */
export function readProgress(dir: string, identity: RunIdentity): VolumeProgress | undefined {
  let progress: VolumeProgress;
  try {
    progress = JSON.parse(readFileSync(join(dir, PROGRESS_FILE), 'utf8')) as VolumeProgress;
  } catch {
    return undefined;
  }
  const same = progress.version === 1 && JSON.stringify(identityOf(progress)) === JSON.stringify(identity);
  return same && Number.isInteger(progress.done) && progress.records.length === progress.done ? progress : undefined;
}

function identityOf(p: RunIdentity): RunIdentity {
  return {
    source: p.source,
    infoHash: p.infoHash,
    detect: p.detect,
    force: p.force,
    method: p.method,
    encoding: p.encoding,
    detector: p.detector,
  };
}

export function writeProgress(dir: string, progress: VolumeProgress): void {
  const path = join(dir, PROGRESS_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(progress) + '\n');
  renameSync(`${path}.tmp`, path);
}
