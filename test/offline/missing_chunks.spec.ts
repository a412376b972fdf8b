/**
 * `sff restore --precomputed` on a volume with deleted chunks: their pixels are zeros, not tissue.
 * A section with missing chunks in the region restored is no neighbour (the next clean one within
 * ±3 is taken, and the notes say so); a folded section missing chunks there is kept as it is.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Vec3 } from '../../src/io/precomputed/index.js';
import { restoreVolume, type VolumeRestoreOptions, writeFoldCatalogue } from '../../src/offline/index.js';
import { tempDir } from '../io/precomputed/helpers.js';
import { fakeRunner } from '../restoration/fake_models.js';
import { foldedStack, writeVolume } from './fixtures.js';

const CHUNK: Vec3 = [128, 128, 1];
const { sections } = foldedStack(0, 8, [2, 5]);

function settings(force: number[] = []): VolumeRestoreOptions {
  const runner = fakeRunner({ shift: 2, reach: 40 });
  return { detect: true, force: new Set(force), runner: async () => runner };
}

/** Deletes the base-scale chunk files of section z (those whose x range starts at one of `xs`). */
function deleteChunks(volume: string, z: number, xs: number[] = [0, 128]): void {
  const base = readdirSync(volume).find((d) => /^\d/.test(d) && !d.includes('.'))!;
  const scaleDirs = readdirSync(volume).filter((d) => /^[\d.]+_[\d.]+_[\d.]+$/.test(d));
  const dir = join(volume, scaleDirs.sort((a, b) => parseFloat(a) - parseFloat(b))[0] ?? base);
  for (const name of readdirSync(dir)) {
    const [x, , zr] = name.split('_');
    if (zr === `${z}-${z + 1}` && xs.includes(Number(x.split('-')[0]))) rmSync(join(dir, name));
  }
}

describe('restoreVolume with missing chunks', () => {
  let dir: string;
  let source: string;
  beforeEach(async () => {
    dir = tempDir('restore-missing');
    source = join(dir, 'source');
    await writeVolume(source, sections, CHUNK);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('never restores from a section with missing chunks, and says which it used instead', async () => {
    deleteChunks(source, 4); // all of section 4: black
    deleteChunks(source, 6, [128]); // part of section 6
    const result = await restoreVolume(source, join(dir, 'out'), settings());
    const five = result.records[5];
    expect(five.restored).toBe(true);
    expect(five.neighbours).toEqual([3, 7]);
    expect(five.notes.join('; ')).toMatch(/section 4 is missing chunks: using 3/);
    expect(five.notes.join('; ')).toMatch(/section 6 is missing chunks: using 7/);
  });

  it('keeps a folded section that misses chunks in its fold region as it is, with the reason', async () => {
    deleteChunks(source, 5, [128]);
    // Named by the user (the black chunk may hide the band from the detector).
    const result = await restoreVolume(source, join(dir, 'out'), settings([5]));
    const five = result.records[5];
    expect(five.restored).toBe(false);
    expect(five.notes).toEqual([expect.stringMatching(/section 5 has missing chunks in its fold region/)]);
    expect(result.records[2].restored).toBe(true);
  });

  it('the catalogue says which sections miss chunks', async () => {
    deleteChunks(source, 4);
    deleteChunks(source, 6, [128]);
    const catalogue = await writeFoldCatalogue(source, join(dir, 'cat'));
    const gaps = catalogue.sections.filter((e) => e.missingChunks !== undefined);
    expect(gaps.map((e) => [e.section, e.missingChunks])).toEqual([
      [4, 4],
      [6, 2],
    ]);
    expect(gaps[0].note).toMatch(/4 chunks missing/);
  });
});
