/**
 * docs/fold-model.md is implemented twice, here and in training/sff_train/simulate.py: the same
 * explicit parameters must give the same images (≤ 1 grey level, ≥ 99.9 % identical pixels).
 * Skipped where the Python side (numpy, Pillow) is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cropGray } from '../../../src/core/metrics/index.js';
import { type FoldParams, simulateFold } from '../../../src/core/simulation/index.js';
import { readGrayPng, writeGrayPng } from '../../../src/io/png.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const PYTHON = '/usr/bin/python3';
const hasPython =
  spawnSync(PYTHON, ['-c', 'import numpy, PIL, sff_train.simulate'], { cwd: join(ROOT, 'training') }).status === 0;

const CASES: FoldParams[] = [
  { x0: 0, y0: 37.3, x1: 191, y1: 150.8, L: 9, F: 40, s: 0.031, bandGain: 0 },
  { x0: 75.25, y0: 0, x1: 120.5, y1: 191, L: 20, F: 80, s: 0.0999, bandGain: 0.3 },
  { x0: 191, y0: 12, x1: 0, y1: 180.4, L: 5, F: 6, s: 1e-5, bandGain: 0.1 },
];

(hasPython ? describe : describe.skip)('TypeScript and Python simulators', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sff-xlang-'));
    const section = readGrayPng(join(ROOT, 'data', 'gerhard2013', 'raw', '16.png'));
    writeGrayPng(join(dir, 'clean.png'), cropGray(section, { x: 500, y: 100, width: 192, height: 192 }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES.map((p, k) => [k, p] as const))('agree on case %d', (k, params) => {
    const out = join(dir, `py${k}`);
    const run = spawnSync(
      PYTHON,
      ['-m', 'sff_train.simulate', '--in', join(dir, 'clean.png'), '--params', JSON.stringify(params), '--out', out],
      { cwd: join(ROOT, 'training'), encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    const ts = simulateFold(readGrayPng(join(dir, 'clean.png')), params);
    const planes = [
      ['degraded', ts.degraded.data],
      ['mask', ts.mask.data.map((v) => v * 255)],
      ['valid', ts.flow.valid.map((v) => v * 255)],
    ] as const;
    for (const [name, ours] of planes) {
      const theirs = readGrayPng(join(out, `${name}.png`)).data;
      let same = 0, worst = 0;
      for (let i = 0; i < ours.length; i++) {
        const diff = Math.abs(ours[i] - theirs[i]);
        if (diff === 0) same++;
        worst = Math.max(worst, diff);
      }
      // Masks are decisions on the same float64 distances: they must match exactly.
      expect(worst).toBeLessThanOrEqual(name === 'degraded' ? 1 : 0);
      expect(same / ours.length).toBeGreaterThanOrEqual(0.999);
    }
  });
});
