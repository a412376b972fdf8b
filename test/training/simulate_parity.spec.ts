/**
 * The training data must be the folds the product meets: the Python simulator the nets were
 * trained on (training/sff_train/simulate.py CLI) and src/core/simulation agree on fixed explicit
 * parameters — degraded image and band mask (≥ 99.9 % identical, ≤ 1 grey level) and the flow
 * label the unfolding is judged by. Lines across the crop and near a corner (a short band, most of
 * the crop displaced), black and textured bands; and one drawn shape of every curved family
 * (arcs, splines, several folds, branches, varying width, thin, ending inside), which must match
 * exactly: both sides run the same float64 operations.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cropGray } from '../../src/core/metrics/index.js';
import { makeRng } from '../../src/core/rng.js';
import {
  type FoldParams,
  type FoldShape,
  SHAPE_FAMILIES,
  sampleFoldShape,
  simulateFold,
  type SimulatedFold,
  simulateShape,
} from '../../src/core/simulation/index.js';
import { readGrayPng, writeGrayPng } from '../../src/io/png.js';
import { describeIfAvailable } from '../helpers/requirements.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import numpy, PIL'], { encoding: 'utf8' });
const missing = probe.status === 0 ? [] : [`numpy and Pillow for ${PYTHON} (${probe.stderr || probe.error})`];

const SIZE = 160;
const CASES: [string, FoldParams][] = [
  ['line cutting the top-left corner', { x0: 0, y0: 31.5, x1: 27.25, y1: 0, L: 6, F: 47, s: 0.004, bandGain: 0 }],
  [
    'line near the bottom-right corner, textured band',
    { x0: 159, y0: 121, x1: 133.6, y1: 159, L: 8, F: 70, s: 0.05, bandGain: 0.25 },
  ],
  ['steep line, dark textured band', { x0: 70.5, y0: 0, x1: 88, y1: 159, L: 14, F: 33, s: 0.0871, bandGain: 0.35 }],
  ['line across, black band', { x0: 0, y0: 31, x1: 159, y1: 125.6, L: 9, F: 40, s: 0.031, bandGain: 0 }],
  ['near-vertical line, widest band', { x0: 62.7, y0: 0, x1: 100.4, y1: 159, L: 20, F: 80, s: 0.0999, bandGain: 0.3 }],
  ['narrowest band, no decay', { x0: 159, y0: 10, x1: 0, y1: 150.2, L: 5, F: 6, s: 1e-5, bandGain: 0.1 }],
];

/** One drawn shape per family on the crop (seeded: fixed explicit parameters, as JSON travels). */
const SHAPE_CASES: [string, FoldShape][] = SHAPE_FAMILIES.map((family, k) => [
  family,
  sampleFoldShape(makeRng(40 + k), SIZE, SIZE, family, { textured: k % 2 === 1 }),
]);

/** float32 little-endian .npy (numpy's format 1.0 header), flattened. */
function readNpyFloat32(path: string): Float32Array {
  const bytes = readFileSync(path);
  const headerLength = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
  expect(header).toContain("'descr': '<f4'");
  const body = bytes.subarray(10 + headerLength);
  return new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
}

describeIfAvailable(missing, 'Python training simulator and TypeScript simulator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sff-train-xlang-'));
    const section = readGrayPng(join(ROOT, 'data', 'gerhard2013', 'raw', '03.png'));
    writeGrayPng(join(dir, 'clean.png'), cropGray(section, { x: 700, y: 610, width: SIZE, height: SIZE }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the Python CLI on the crop with `--params` or `--shape`, returns its output folder. */
  function python(label: string, flag: '--params' | '--shape', value: unknown): string {
    const out = join(dir, label.replace(/\W+/g, '_'));
    const run = spawnSync(
      PYTHON,
      ['-m', 'sff_train.simulate', '--in', join(dir, 'clean.png'), flag, JSON.stringify(value), '--out', out],
      { cwd: join(ROOT, 'training'), encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return out;
  }

  /** Compares our planes with Python's: degraded within `greyLevels`, masks exact, flow to 1e-3. */
  function compare(out: string, ts: SimulatedFold, greyLevels: number): void {
    const planes = [
      ['degraded', ts.degraded.data],
      ['mask', ts.mask.data.map((v) => v * 255)],
      ['valid', ts.flow.valid.map((v) => v * 255)],
    ] as const;
    for (const [name, ours] of planes) {
      const theirs = readGrayPng(join(out, `${name}.png`)).data;
      let same = 0,
        worst = 0;
      for (let i = 0; i < ours.length; i++) {
        const diff = Math.abs(ours[i] - theirs[i]);
        if (diff === 0) same++;
        worst = Math.max(worst, diff);
      }
      // Masks are decisions on the same float64 distances: they must match exactly.
      const allowed = name === 'degraded' ? greyLevels : 0;
      expect({ name, worst: worst <= allowed, same: same / ours.length >= 0.999 }).toEqual({
        name,
        worst: true,
        same: true,
      });
    }
    // The band must actually lie in the crop, or the case would test nothing.
    expect(ts.mask.data.reduce((a, v) => a + v, 0)).toBeGreaterThan(100);
    const flow = readNpyFloat32(join(out, 'flow.npy'));
    const n = SIZE * SIZE;
    expect(flow.length).toBe(2 * n);
    let worstFlow = 0;
    for (let i = 0; i < n; i++) {
      worstFlow = Math.max(worstFlow, Math.abs(flow[i] - ts.flow.fx[i]), Math.abs(flow[n + i] - ts.flow.fy[i]));
    }
    expect(worstFlow).toBeLessThanOrEqual(1e-3);
  }

  it.each(CASES)('agree: %s', (label, params) => {
    const out = python(label, '--params', params);
    compare(out, simulateFold(readGrayPng(join(dir, 'clean.png')), params), 1);
  });

  it.each(SHAPE_CASES)('agree on a curved shape: %s', (family, shape) => {
    const out = python(`shape_${family}`, '--shape', shape);
    compare(out, simulateShape(readGrayPng(join(dir, 'clean.png')), shape), 0);
  });
});
