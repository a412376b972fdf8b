import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '../io/precomputed/helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');

function makeVolume(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/make_volume.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('bench/make_volume.ts', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('make-volume');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a small volume from the repository stack and resumes into it', () => {
    const out = join(dir, 'v');
    const first = makeVolume('--size', '1100', '--sections', '3', '--folds', '1', '--chunk', '256', '--out', out);
    expect(first.stderr).toContain('make_volume: section 3/3');
    expect(first.stdout).toMatch(/folds on 1; 0 sections were already complete/);
    expect(first.status).toBe(0);
    const folds = JSON.parse(readFileSync(join(out, 'folds.json'), 'utf8'));
    expect(folds.size).toEqual([1100, 1100, 3]);
    const again = makeVolume('--size', '1100', '--sections', '3', '--folds', '1', '--chunk', '256', '--out', out);
    expect(again.stdout).toMatch(/3 sections were already complete/);
  }, 60000);

  it('says in one line what is wrong with an option', () => {
    const bad = makeVolume('--size', '1024', '--sections', '3', '--folds', '7', '--out', join(dir, 'bad'));
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('make_volume: fold section 7 is outside 0..2');
  });
});
