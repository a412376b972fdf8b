/** `sff detect --precomputed|--zarr` on volumes written by other tools (test/fixtures/precomputed, test/fixtures/zarr). */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ensureCliBuilt, sff, tempDir } from '../core/evaluation/cli_support.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'precomputed');
const ZARR = join(import.meta.dirname, '..', 'fixtures', 'zarr');

let dir: string;
beforeAll(() => {
  ensureCliBuilt('detect', ['src/core/detection', 'src/offline', 'src/io', 'src/io/precomputed', 'src/io/zarr']);
  dir = tempDir('detect-foreign');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sff detect --precomputed on foreign volumes', () => {
  it.each(['jpeg', 'sharded', 'sharded_murmur', 'png', 'raw_gz'])(
    'catalogues every section of the %s fixture',
    (name) => {
      const out = join(dir, name);
      const run = sff('detect', '--precomputed', join(FIXTURES, name), '--out', out, '--json');
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const entries = JSON.parse(run.stdout) as Array<{ section: number; score: number }>;
      expect(entries.map((e) => e.section)).toEqual([0, 1, 2]);
      expect(entries.every((e) => e.score >= 0 && e.score <= 1)).toBe(true);
      const catalogue = JSON.parse(readFileSync(join(out, 'folds.json'), 'utf8')) as { size: number[] };
      expect(catalogue.size).toEqual([96, 80, 3]);
    },
  );

  it.each([
    ['JPEG chunks by PIL (jpeg_fold)', '--precomputed', join(FIXTURES, 'jpeg_fold')],
    ['sharded JPEG by tensorstore (ts_sharded_jpeg)', '--precomputed', join(FIXTURES, 'ts_sharded_jpeg')],
    ['zarr v2 by zarr-python (fold_v2.zarr)', '--zarr', join(ZARR, 'fold_v2.zarr')],
    ['zarr v3, sharded, by tensorstore (fold_v3.zarr)', '--zarr', join(ZARR, 'fold_v3.zarr')],
  ])('flags the folded section of real tissue stored as %s', (_, option, source) => {
    const run = sff('detect', option, source, '--out', join(dir, `fold-${basename(source)}`), '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const entries = JSON.parse(run.stdout) as Array<{ section: number; flagged: boolean; segments: number[][] }>;
    expect(entries.map((e) => e.section)).toEqual([0, 1, 2, 3]);
    expect(entries.filter((e) => e.flagged).map((e) => e.section)).toEqual([2]);
    expect(entries[2].segments.length).toBeGreaterThan(0);
  });

  it('refuses an encoding it cannot read in one line naming it', () => {
    const volume = join(dir, 'segmentation');
    mkdirSync(volume);
    const info = JSON.parse(readFileSync(join(FIXTURES, 'png', 'info'), 'utf8')) as { scales: object[] };
    info.scales = info.scales.map((s) => ({ ...s, encoding: 'compressed_segmentation' }));
    writeFileSync(join(volume, 'info'), JSON.stringify(info));
    const run = sff('detect', '--precomputed', volume, '--out', join(dir, 'c'));
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/encoding "compressed_segmentation" is not supported \(raw, jpeg, png\)/);
  });

  it('refuses a uint16 zarr (Neuroglancer’s OME-Zarr 0.5 test data) in one line naming the data type', () => {
    const run = sff('detect', '--zarr', join(ZARR, 'neuroglancer', 'simple_0.5'), '--out', join(dir, 'u16'));
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^sff: .*data type uint16 is not supported \(only uint8\)/);
  });
});
