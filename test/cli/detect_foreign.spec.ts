/** `sff detect --precomputed` on volumes written by other tools (test/fixtures/precomputed). */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCliBuilt, sff, tempDir } from '../core/evaluation/cli_support.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'precomputed');

let dir: string;
beforeAll(() => {
  ensureCliBuilt('detect', ['src/core/detection', 'src/offline', 'src/io/precomputed']);
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

  it('flags the folded section of real tissue stored as JPEG chunks (jpeg_fold fixture)', () => {
    const run = sff('detect', '--precomputed', join(FIXTURES, 'jpeg_fold'), '--out', join(dir, 'fold'), '--json');
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
});
