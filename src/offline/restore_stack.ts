/**
 * A PNG stack in, a restored PNG stack out (`sff restore --stack`): every section under its own
 * file name, clean ones as byte-identical copies, restored ones as 8-bit grey PNGs. The output
 * directory appears only when complete (built beside it, then renamed).
 */
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeGrayPng } from '../io/png.js';
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
  const isOurs = (dir: string): boolean => existsSync(join(dir, STACK_REPORT));
  await writeDirAtomically(outDir, { isOurs, what: 'an sff restore output' }, async (tmp) => {
    for await (const { record, restored } of restoreSections(pngSections(stack), options)) {
      const file = basename(stack.files[record.z]);
      if (restored === undefined) copyFileSync(stack.files[record.z], join(tmp, file));
      else writeGrayPng(join(tmp, file), restored);
      records.push({ file, ...record });
      options.onSection?.(records[records.length - 1], records.length, stack.depth);
    }
    writeFileSync(join(tmp, STACK_REPORT), JSON.stringify(records, null, 1) + '\n');
  });
  return records;
}
