import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANNOTATIONS_DIR, CATALOGUE_JSON, writeFoldCatalogue } from '../../src/offline/index.js';
import { decodeLineList } from '../io/precomputed/annotation_decode.js';
import { tempDir } from '../io/precomputed/helpers.js';
import { foldedStack, writeVolume } from './fixtures.js';

describe('writeFoldCatalogue', () => {
  let dir: string;
  let source: string;
  beforeAll(async () => {
    dir = tempDir('catalogue');
    source = join(dir, 'source');
    await writeVolume(source, foldedStack(0, 8, [2, 5]).sections, [128, 128, 3]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every section with its score and writes the fold lines as an annotation source', async () => {
    const out = join(dir, 'catalogue');
    const progress: number[] = [];
    const catalogue = await writeFoldCatalogue(source, out, { onSection: (done) => progress.push(done) });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(readdirSync(out).sort()).toEqual([ANNOTATIONS_DIR, 'folds.csv', CATALOGUE_JSON]);
    const json = JSON.parse(readFileSync(join(out, CATALOGUE_JSON), 'utf8'));
    expect(json).toEqual(catalogue);
    expect(json).toMatchObject({ size: [256, 256, 8], resolution: [4.6, 4.6, 50] });
    expect(json.sections.map((e: { section: number }) => e.section)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const flagged = catalogue.sections.filter((e) => e.flagged);
    expect(flagged.map((e) => e.section)).toEqual([2, 5]);

    const csv = readFileSync(join(out, 'folds.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('section,score,flagged,segments');
    expect(csv).toHaveLength(9);
    expect(csv[3]).toBe(`2,${flagged[0].score},true,${flagged[0].segments.map((s) => s.join(' ')).join(';')}`);
    expect(csv[2]).toMatch(/^1,[\d.]+,false,$/);

    const info = JSON.parse(readFileSync(join(out, ANNOTATIONS_DIR, 'info'), 'utf8'));
    expect(info).toMatchObject({ annotation_type: 'LINE', lower_bound: [0, 0, 0], upper_bound: [256, 256, 8] });
    const lines = decodeLineList(readFileSync(join(out, ANNOTATIONS_DIR, 'spatial0', '0_0_0')), 1);
    const expected = flagged.flatMap((e) =>
      e.segments.map(([x0, y0, x1, y1]) => ({
        a: [x0 + 0.5, y0 + 0.5, e.section + 0.5],
        b: [x1 + 0.5, y1 + 0.5, e.section + 0.5],
        score: e.score,
      })),
    );
    expect(lines).toHaveLength(expected.length);
    lines.forEach((line, i) => {
      expect(line.id).toBe(i + 1);
      [...line.a, ...line.b].forEach((v, k) => expect(v).toBeCloseTo([...expected[i].a, ...expected[i].b][k], 3));
      expect(line.values[0]).toBeCloseTo(expected[i].score, 5);
    });
    expect(readdirSync(join(out, ANNOTATIONS_DIR, 'by_id')).sort()).toEqual(lines.map((l) => String(l.id)).sort());
  });

  it('refuses an output directory that is not a catalogue and leaves it as it was', async () => {
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'keep.txt'), 'x');
    await expect(writeFoldCatalogue(source, foreign)).rejects.toThrow(/exists and is not a fold catalogue/);
    expect(readdirSync(foreign)).toEqual(['keep.txt']);
  });
});
