/** Helpers for the CLI tests of `sff simulate` and `sff eval`: run the compiled CLI, make stacks. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cropGray } from '../../../src/core/metrics/index.js';
import { readGrayPng, writeGrayPng } from '../../../src/io/png.js';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/**
 * Compiles the CLI when dist/ is missing or older than the sources (a lone `jest test/cli`);
 * `extraDirs`: further source folders the command depends on.
 */
export function ensureCliBuilt(command: string, extraDirs: readonly string[] = []): void {
  const compiled = join(ROOT, 'dist', 'cli', 'commands', `${command}.js`);
  const dirs = [
    'src/cli',
    'src/cli/commands',
    'src/core/simulation',
    'src/core/evaluation',
    'src/core/metrics',
    'src/core/baselines',
    ...extraDirs,
  ];
  const newest = Math.max(
    ...dirs.flatMap((d) => readdirSync(join(ROOT, d)).map((n) => statSync(join(ROOT, d, n)).mtimeMs)),
  );
  if (!existsSync(compiled) || statSync(compiled).mtimeMs < newest) {
    spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  }
}

export function sff(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'sff.js'), ...args], { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `sff-${tag}-`));
}

/** Writes size² crops of Gerhard sections first..first+count−1 into dir as 0.png, 1.png, … */
/** Crops of Gerhard sections first… as 0.png, 1.png, …; `labels` crops the dense labels instead. */
export function writeGerhardCrops(dir: string, first: number, count: number, size: number, labels = false): void {
  for (let k = 0; k < count; k++) {
    const z = String(first + k).padStart(2, '0');
    const section = readGrayPng(join(ROOT, 'data', 'gerhard2013', labels ? 'labels' : 'raw', `${z}.png`));
    writeGrayPng(join(dir, `${k}.png`), cropGray(section, { x: 300, y: 400, width: size, height: size }));
  }
}
