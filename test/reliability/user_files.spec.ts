/**
 * The user's files in an output folder survive a re-run of `sff restore --stack`, and a run killed
 * with SIGTERM leaves a temporary that the next run removes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCliBuilt, sff, tempDir } from '../core/evaluation/cli_support.js';
import { startSff, temporariesOf, waitFor, writeFoldedStack } from './stack_process.js';

let dir: string;
let stack: string;
beforeAll(() => {
  ensureCliBuilt('restore', ['src/offline', 'src/io/precomputed', 'src/restoration']);
  dir = tempDir('userfiles');
  stack = join(dir, 'stack');
  writeFoldedStack(stack, 4, 128);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sff restore --stack and the files around its output', () => {
  it('keeps files and folders the user added to an earlier output', () => {
    const out = join(dir, 'out');
    expect(sff('restore', '--stack', stack, '--out', out).status).toBe(0);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    mkdirSync(join(out, 'seg'));
    writeFileSync(join(out, 'seg', 'labels.png'), 'also mine');
    const again = sff('restore', '--stack', stack, '--out', out);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'seg', 'labels.png'), 'utf8')).toBe('also mine');
    expect(readdirSync(out).filter((n) => n.endsWith('.png'))).toEqual(readdirSync(stack));
  });

  it('removes the temporary a SIGTERMed run left on the next run, and only ours', async () => {
    const out = join(dir, 'killed');
    const big = join(dir, 'big');
    writeFoldedStack(big, 40, 600);
    const run = startSff(['restore', '--stack', big, '--out', out]);
    await waitFor(() => temporariesOf(out).length > 0, 60_000, 'the run to start');
    run.child.kill('SIGTERM');
    await run.done;
    expect(temporariesOf(out)).toHaveLength(1);
    const lookalike = join(dir, `.killed.tmp-notes`);
    writeFileSync(lookalike, 'not ours: no pid and not six characters');
    const next = sff('restore', '--stack', stack, '--out', out);
    expect(next.stderr).toBe('');
    expect(next.status).toBe(0);
    expect(temporariesOf(out)).toEqual(['.killed.tmp-notes']);
    expect(existsSync(join(out, '.sff-restore.json'))).toBe(true);
  }, 120_000);
});
