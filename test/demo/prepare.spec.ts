import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FOLD_SECTIONS, prepareDemoData } from '../../demo/prepare.js';
import { type FoldParams, simulateFold } from '../../src/core/simulation/index.js';
import { readGrayPng, writeGrayPng } from '../../src/io/png.js';
import { readInfo, readScale } from '../../src/io/precomputed/index.js';
import { randomSections, tempDir } from '../io/precomputed/helpers.js';

/** The real stack is 1024² × 20; a tiny one with the same section count runs the same code fast. */
describe('prepareDemoData', () => {
  let root: string;
  const sections = randomSections(96, 80, 20, 21);
  beforeAll(() => {
    root = tempDir('prepare');
    const raw = join(root, 'data', 'gerhard2013', 'raw');
    mkdirSync(raw, { recursive: true });
    sections.forEach((s, z) => writeGrayPng(join(raw, `${String(z).padStart(2, '0')}.png`), s));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('folds the chosen sections, keeps the others, and records the truth', async () => {
    const result = await prepareDemoData({ root });
    expect(result.rebuilt).toBe(true);
    const data = join(root, 'demo', 'data');
    const volume = join(data, 'gerhard');
    const info = readInfo(volume);
    expect(info.scales.map((s) => s.size)).toEqual([
      [96, 80, 20],
      [48, 40, 20],
      [24, 20, 20],
    ]);
    expect(info.scales[0].resolution).toEqual([4.6, 4.6, 50]);
    const served = readScale(volume, info, 0);

    const index = JSON.parse(readFileSync(join(data, 'gerhard_truth', 'index.json'), 'utf8'));
    const folds = index.folds as Array<{ z: number; dir: string; params: FoldParams }>;
    expect(folds.map((f) => f.z)).toEqual([...FOLD_SECTIONS]);
    expect(FOLD_SECTIONS.filter((z) => z >= 14 && z <= 18)).toHaveLength(3);
    expect(FOLD_SECTIONS.some((z) => z === 0 || z === 19)).toBe(true);
    for (const { z, dir, params } of folds) {
      const truth = join(data, 'gerhard_truth', dir);
      expect(readGrayPng(join(truth, 'clean.png'))).toEqual(sections[z]);
      const expected = simulateFold(sections[z], params);
      expect(served[z]).toEqual(expected.degraded);
      expect(served[z]).not.toEqual(sections[z]);
      const mask = readGrayPng(join(truth, 'mask.png'));
      expect(Array.from(mask.data)).toEqual(Array.from(expected.mask.data, (v) => (v ? 255 : 0)));
      expect(JSON.parse(readFileSync(join(truth, 'params.json'), 'utf8'))).toEqual({ z, ...params });
    }
    for (let z = 0; z < 20; z++) {
      if (!FOLD_SECTIONS.includes(z)) expect(served[z]).toEqual(sections[z]);
    }

    const zarray = JSON.parse(readFileSync(join(data, 'gerhard.zarr', '0', '.zarray'), 'utf8'));
    expect(zarray.shape).toEqual([20, 80, 96]);
    const zarrChunk = readFileSync(join(data, 'gerhard.zarr', '0', String(FOLD_SECTIONS[1]), '0', '0'));
    expect(new Uint8Array(zarrChunk.subarray(0, 96))).toEqual(served[FOLD_SECTIONS[1]].data.subarray(0, 96));
  });

  it('is idempotent: a second run keeps the data, a changed input rebuilds it', async () => {
    const info = join(root, 'demo', 'data', 'gerhard', 'info');
    const before = statSync(info).mtimeMs;
    expect((await prepareDemoData({ root })).rebuilt).toBe(false);
    expect(statSync(info).mtimeMs).toBe(before);
    writeGrayPng(join(root, 'data', 'gerhard2013', 'raw', '05.png'), randomSections(96, 80, 1, 99)[0]);
    expect((await prepareDemoData({ root })).rebuilt).toBe(true);
    rmSync(join(root, 'demo', 'data', 'gerhard.zarr'), { recursive: true });
    expect((await prepareDemoData({ root })).rebuilt).toBe(true);
    expect(existsSync(join(root, 'demo', 'data', 'gerhard.zarr', '.zattrs'))).toBe(true);
  });
});
