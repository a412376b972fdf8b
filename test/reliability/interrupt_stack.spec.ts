/**
 * Ctrl-C during `sff restore --stack`: inference used to block the event loop, so the SIGINT
 * handler ran only after the whole stack was done (exit 0). It must stop within a few seconds,
 * with one line, a non-zero status and no output or temporary left.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_NAMES } from '../../src/restoration/eval_methods.js';
import { ensureCliBuilt, tempDir } from '../core/evaluation/cli_support.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { hasModel } from '../training/model_files.js';
import { startSff, temporariesOf, waitFor, writeFoldedStack } from './stack_process.js';

let dir: string;
beforeAll(() => {
  ensureCliBuilt('restore', ['src/offline', 'src/io/precomputed', 'src/restoration', 'src/inference']);
  dir = tempDir('interrupt');
  writeFoldedStack(join(dir, 'stack'), 16, 600);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const missing = MODEL_NAMES.filter((name) => !hasModel(name)).map((name) => `models/${name}.onnx`);
describeIfAvailable(missing, 'SIGINT during sff restore --stack', () => {
  it('stops mid-restoration with one line, exit 1 and nothing written', async () => {
    const out = join(dir, 'out');
    const run = startSff(['restore', '--stack', join(dir, 'stack'), '--out', out]);
    // Section 01 is the first restored one: once it is written the models are loaded and section
    // 03 is being restored. (Before the fix the handler ran only after the whole stack: exit 0.)
    const written = (): boolean => temporariesOf(out).some((t) => existsSync(join(dir, t, '01.png')));
    await waitFor(written, 90_000, 'the first restored section to be written');
    await new Promise((r) => setTimeout(r, 300));
    run.killedAt.t = Date.now();
    run.child.kill('SIGINT');
    const end = await run.done;
    expect(end.status).toBe(1);
    expect(end.ms).toBeLessThan(3000);
    expect(end.stderr.trim().split('\n').pop()).toMatch(/^sff: .*interrupt/i);
    expect(existsSync(out)).toBe(false);
    expect(temporariesOf(out)).toEqual([]);
  }, 120_000);
});
