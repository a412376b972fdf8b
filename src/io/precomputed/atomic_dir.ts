/**
 * Writes a directory tree all-or-nothing: it is built under a temporary sibling and renamed into
 * place only when complete, so an error or an abort never leaves a half-written volume behind.
 * Replacing an earlier output keeps what the user added to it, and temporaries that a killed run
 * left behind are removed by the next one.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputExistsError } from './errors.js';

export interface AtomicDirOptions {
  /** True when an existing non-empty directory is one of ours and may be replaced. */
  isOurs(dir: string): boolean;
  /** What we write, for the refusal message ("a precomputed volume"). */
  what: string;
  /**
   * Top-level names in an existing output of ours that we wrote and may drop when the new output
   * lacks them; every other entry the new output does not have is the user's and is kept.
   */
  ownEntries?(dir: string): ReadonlySet<string>;
}

/**
 * Refuses an output path we must not replace (a file, or a non-empty directory that is not ours);
 * returns whether it exists.
 */
export function checkOutputDir(outDir: string, options: AtomicDirOptions): boolean {
  const target = resolve(outDir);
  const exists = existsSync(target);
  if (exists) {
    if (!statSync(target).isDirectory()) {
      throw new OutputExistsError(`${outDir} exists and is not a directory; choose another output`);
    }
    if (readdirSync(target).length > 0 && !options.isOurs(target)) {
      throw new OutputExistsError(`${outDir} exists and is not ${options.what}; remove it or choose another output`);
    }
  }
  return exists;
}

/** Moves the entries of `from` that `into` lacks and that are not `own` (the user's) into `into`. */
function keepForeignEntries(from: string, into: string, own: ReadonlySet<string>): void {
  for (const name of readdirSync(from)) {
    if (!own.has(name) && !existsSync(join(into, name))) renameSync(join(from, name), join(into, name));
  }
}

/**
 * Puts a finished temporary directory at `target`, replacing what `checkOutputDir` allowed;
 * entries of the old output that we did not write move over into the new one.
 */
export async function moveIntoPlace(
  tmp: string,
  target: string,
  exists: boolean,
  ownEntries?: AtomicDirOptions['ownEntries'],
): Promise<void> {
  if (!exists) {
    renameSync(tmp, target);
    return;
  }
  keepForeignEntries(target, tmp, ownEntries?.(target) ?? new Set());
  // Two renames keep the window without a complete volume at the target path tiny.
  const old = `${tmp}.old`;
  renameSync(target, old);
  renameSync(tmp, target);
  await rm(old, { recursive: true, force: true });
}

export async function writeDirAtomically(
  outDir: string,
  options: AtomicDirOptions,
  fill: (tmpDir: string) => Promise<void>,
): Promise<void> {
  const target = resolve(outDir);
  const exists = checkOutputDir(outDir, options);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  removeStaleTemporaries(parent, basename(target));
  const tmp = mkdtempSync(join(parent, `${temporaryPrefix(basename(target))}${process.pid}-`));
  try {
    await fill(tmp);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  await moveIntoPlace(tmp, target, exists, options.ownEntries);
}

const temporaryPrefix = (name: string): string => `.${name}.tmp-`;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Our temporaries are `.<name>.tmp-<pid>-XXXXXX` (and `….old` while swapping); one whose process
 * is gone was left by a killed run. Names without a pid come from older versions: stale too.
 */
function removeStaleTemporaries(parent: string, name: string): void {
  const prefix = temporaryPrefix(name);
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const match = /^(?:(\d+)-)?[A-Za-z0-9]{6}(?:\.old)?$/.exec(entry.slice(prefix.length));
    if (match === null) continue;
    if (match[1] !== undefined && isRunning(Number(match[1]))) continue;
    rmSync(join(parent, entry), { recursive: true, force: true });
  }
}
