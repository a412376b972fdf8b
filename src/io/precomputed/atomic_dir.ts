/**
 * Writes a directory tree all-or-nothing: it is built under a temporary sibling and renamed into
 * place only when complete, so an error or an abort never leaves a half-written volume behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputExistsError } from './errors.js';

export interface AtomicDirOptions {
  /** True when an existing non-empty directory is one of ours and may be replaced. */
  isOurs(dir: string): boolean;
  /** What we write, for the refusal message ("a precomputed volume"). */
  what: string;
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

/** Puts a finished temporary directory at `target`, replacing what `checkOutputDir` allowed. */
export async function moveIntoPlace(tmp: string, target: string, exists: boolean): Promise<void> {
  if (!exists) {
    renameSync(tmp, target);
    return;
  }
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
  const tmp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  try {
    await fill(tmp);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  await moveIntoPlace(tmp, target, exists);
}
