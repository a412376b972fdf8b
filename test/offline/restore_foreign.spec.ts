/**
 * `restoreVolume` on volumes written by other tools (test/fixtures/precomputed): a sharded, partly
 * JPEG source gives a raw, unsharded copy that reads back as the source does.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readInfo, readScale } from '../../src/io/precomputed/index.js';
import { restoreVolume } from '../../src/offline/index.js';
import { tempDir } from '../io/precomputed/helpers.js';
import { fakeRunner } from '../restoration/fake_models.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'precomputed');

describe('restoreVolume of a foreign volume', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('restore-foreign')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies a sharded source (raw and jpeg scales) as raw unsharded chunks with an info that says so', async () => {
    const source = join(FIXTURES, 'sharded');
    const out = join(dir, 'out');
    const runner = fakeRunner({ shift: 2, reach: 40 });
    const result = await restoreVolume(source, out, { detect: false, force: new Set(), runner: async () => runner });
    expect(result.writtenSlabs).toBe(0);
    const info = readInfo(out);
    expect(info.scales.map((s) => [s.encoding, s.sharding])).toEqual([
      ['raw', undefined],
      ['raw', undefined],
    ]);
    const stored = JSON.parse(readFileSync(join(out, 'info'), 'utf8')) as { scales: object[] };
    expect(stored.scales.every((s) => !('sharding' in s) && !('jpeg_quality' in s))).toBe(true);
    const sourceInfo = readInfo(source);
    for (const i of [0, 1]) {
      const want = readScale(source, sourceInfo, i);
      readScale(out, info, i).forEach((s, z) =>
        expect(Buffer.from(s.data).equals(Buffer.from(want[z].data))).toBe(true),
      );
    }
  });
});
