/**
 * A PNG stack in, a restored PNG stack out (`sff restore --stack`): every section under its own
 * file name, clean ones as byte-identical copies, restored ones as 8-bit grey PNGs. The output
 * directory appears only when complete (built beside it, then renamed).
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SffError } from '../core/errors.js';
import { pngBitDepth, writeGrayPng } from '../io/png.js';
import { writeDirAtomically } from '../io/precomputed/atomic_dir.js';
import { openPngStack } from '../io/precomputed/index.js';
import { checkDepth, checkForced, checkNotSource } from './checks.js';
import type { SectionRecord } from './records.js';
import { type RestoreSettings, restoreSections } from './restore_sections.js';
import { pngSections } from './sources.js';

/** Written last into the output: the report, and the mark that says the directory is ours. */
export const STACK_REPORT = '.sff-restore.json';

export interface StackRecord extends SectionRecord {
  /** File name, the same in the input and the output directory. */
  file: string;
}

export interface StackRestoreOptions extends RestoreSettings {
  onSection?: (record: StackRecord, done: number, total: number) => void;
}

/** What an earlier run wrote into `dir`, from its report: anything else there is the user's. */
function writtenBefore(dir: string): ReadonlySet<string> {
  const own = new Set([STACK_REPORT]);
  try {
    const records = JSON.parse(readFileSync(join(dir, STACK_REPORT), 'utf8')) as { file?: unknown }[];
    for (const { file } of records) if (typeof file === 'string') own.add(file);
  } catch {
    // An unreadable report: treat every other entry as the user's (keeping too much is harmless).
  }
  return own;
}

/**
 * Restoration works on 8-bit grey; a 16-bit section would come out rescaled next to its copied
 * 16-bit neighbours, so such stacks are refused before anything is written.
 */
function checkEightBit(files: readonly string[]): void {
  for (const file of files) {
    const bitDepth = pngBitDepth(file);
    if (bitDepth > 8)
      throw new SffError(
        'UnsupportedDataType',
        `${file} is a ${bitDepth}-bit PNG: sff restore --stack restores 8-bit sections only (convert the stack to 8 bits first)`,
      );
  }
}

export async function restoreStack(
  stackDir: string,
  outDir: string,
  options: StackRestoreOptions,
): Promise<StackRecord[]> {
  checkNotSource(stackDir, outDir);
  const stack = openPngStack(stackDir);
  checkDepth(stack.depth, stackDir);
  checkForced(options.force, stack.depth);
  const records: StackRecord[] = [];
  checkEightBit(stack.files);
  const isOurs = (dir: string): boolean => existsSync(join(dir, STACK_REPORT));
  await writeDirAtomically(
    outDir,
    { isOurs, ownEntries: writtenBefore, what: 'an sff restore output' },
    async (tmp) => {
      for await (const { record, restored } of restoreSections(pngSections(stack), options)) {
        const file = basename(stack.files[record.z]);
        if (restored === undefined) copyFileSync(stack.files[record.z], join(tmp, file));
        else writeGrayPng(join(tmp, file), restored);
        records.push({ file, ...record });
        options.onSection?.(records[records.length - 1], records.length, stack.depth);
      }
      writeFileSync(join(tmp, STACK_REPORT), JSON.stringify(records, null, 1) + '\n');
    },
  );
  return records;
}
