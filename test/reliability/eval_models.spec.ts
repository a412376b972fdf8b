/** `sff eval` finds the package's models from any working directory, and takes --models. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCliBuilt, ROOT, tempDir, writeGerhardCrops } from '../core/evaluation/cli_support.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { hasModel } from '../training/model_files.js';

let dir: string;
beforeAll(() => {
  ensureCliBuilt('eval');
  dir = tempDir('evalmodels');
  mkdirSync(join(dir, 'stack'));
  writeGerhardCrops(join(dir, 'stack'), 0, 3, 128);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function evalIn(cwd: string, ...extra: string[]): ReturnType<typeof spawnSync> {
  const args = ['eval', '--stack', 'stack', '--cases', '2', '--methods', 'interp_net', '--json', ...extra];
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'sff.js'), ...args], { cwd, encoding: 'utf8' });
}

describeIfAvailable(hasModel('interp') ? [] : ['models/interp.onnx'], 'sff eval outside the repository', () => {
  it('runs a learned method from another working directory', () => {
    const run = evalIn(dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(String(run.stdout)) as { n: number; methods: Record<string, unknown> };
    expect(report.n).toBe(2);
    expect(Object.keys(report.methods)).toEqual(['interp_net']);
  }, 120_000);

  it('says which folder lacks the models when --models points elsewhere', () => {
    const run = evalIn(dir, '--models', join(dir, 'stack'));
    expect(run.status).toBe(1);
    expect(String(run.stderr)).toMatch(/^sff: .*interp/m);
  }, 120_000);
});
