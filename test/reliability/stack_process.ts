/** Real `sff restore --stack` processes for the reliability tests: a stack with folds, signals. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { simulateFold } from '../../src/core/simulation/index.js';
import { writeGrayPng } from '../../src/io/png.js';
import { ROOT } from '../core/evaluation/cli_support.js';
import { FOLD, gerhardCrop } from '../offline/fixtures.js';

/** `count` Gerhard crops (size²) in `dir`, every other one from the second with a simulated fold. */
export function writeFoldedStack(dir: string, count: number, size: number): void {
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < count; k++) {
    const clean = gerhardCrop(k % 20, size);
    const image =
      k % 2 === 1 ? simulateFold(clean, { x0: 0, y0: size / 4, x1: size - 1, y1: size / 2, ...FOLD }).degraded : clean;
    writeGrayPng(join(dir, `${String(k).padStart(2, '0')}.png`), image);
  }
}

export interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Milliseconds from `kill` (or start, without one) to exit. */
  ms: number;
}

export function startSff(args: string[]): { child: ChildProcess; done: Promise<Finished>; killedAt: { t: number } } {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'sff.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  const killedAt = { t: Date.now() };
  const done = new Promise<Finished>((resolve) =>
    child.on('exit', (status, signal) => resolve({ status, signal, stderr, ms: Date.now() - killedAt.t })),
  );
  return { child, done, killedAt };
}

/** Our temporaries beside `out` (`.<name>.tmp-…`). */
export function temporariesOf(out: string): string[] {
  if (!existsSync(dirname(out))) return [];
  return readdirSync(dirname(out)).filter((n) => n.startsWith(`.${basename(out)}.tmp-`));
}

/** Resolves once `test()` holds, polling every 50 ms; rejects after `ms`. */
export async function waitFor(test: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
