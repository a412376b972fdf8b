/** describeIfAvailable: runs, skips locally or fails on CI (the last two checked in a child jest). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeIfAvailable } from './requirements.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

let ran = false;
describeIfAvailable([], 'with nothing missing', () => {
  test('runs its tests', () => {
    ran = true;
    expect(ran).toBe(true);
  });
});

function runChild(ci: string): { status: number | null; out: string } {
  const dir = mkdtempSync(join(ROOT, 'test', 'helpers', 'tmp-'));
  try {
    const spec = join(dir, 'child.spec.ts');
    writeFileSync(
      spec,
      "import { describeIfAvailable } from '../requirements.js';\n" +
        "describeIfAvailable(['models/x.onnx'], 'needs x', () => { test('t', () => expect(1).toBe(1)); });\n",
    );
    const run = spawnSync('npx', ['jest', spec, '--selectProjects', 'unit'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: ci, NODE_OPTIONS: '--experimental-vm-modules' },
    });
    return { status: run.status, out: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('describeIfAvailable with something missing', () => {
  test('skips locally, printing what is missing', () => {
    const { status, out } = runChild('');
    expect(status).toBe(0);
    expect(out).toContain('SKIPPED needs x: missing models/x.onnx');
    expect(out).toMatch(/1 skipped/);
  });

  test('fails under CI=true, naming what is missing', () => {
    const { status, out } = runChild('true');
    expect(status).toBe(1);
    expect(out).toContain('models/x.onnx');
    expect(out).toMatch(/1 failed/);
  });
});
