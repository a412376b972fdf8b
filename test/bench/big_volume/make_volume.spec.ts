import { readFileSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { type BigVolumeOptions, makeBigVolume, scaleCount } from '../../../bench/big_volume/make_volume.js';
import { TiledTissue } from '../../../bench/big_volume/tissue.js';
import { degradeFold, type FoldParams } from '../../../src/core/simulation/index.js';
import { pyramid, readInfo, readSection, stackOfImages } from '../../../src/io/precomputed/index.js';
import { randomSections, tempDir } from '../../io/precomputed/helpers.js';

const SIZE = 150;
const CHUNK = 32;
const SECTIONS = 4;
const stack = stackOfImages(randomSections(40, 40, 3, 9));
const ranges = { L: [2, 5] as [number, number], pull: [4, 10] as [number, number], s: [0.05, 0.1] as [number, number] };

describe('makeBigVolume', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('bigvol');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const options = (out: string, extra: Partial<BigVolumeOptions> = {}): BigVolumeOptions => ({
    out,
    size: SIZE,
    sections: SECTIONS,
    stack,
    foldSections: [1],
    ranges,
    chunk: CHUNK,
    seed: 3,
    ...extra,
  });

  /** Every chunk file of a volume, name → bytes. */
  const files = (volume: string) =>
    new Map(
      readdirSync(volume, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => [join(e.parentPath, e.name).slice(volume.length), readFileSync(join(e.parentPath, e.name))]),
    );

  it('writes the folded volume, its truth at every scale and the true parameters', async () => {
    const result = await makeBigVolume(options(join(dir, 'v')));
    const info = readInfo(result.degraded);
    expect(info.scales.map((s) => s.size[0])).toEqual([150, 75, 38, 19]);
    expect(info.scales).toHaveLength(scaleCount(SIZE, CHUNK));
    expect(readdirSync(join(result.degraded, info.scales[0].key)).every((n) => n.endsWith('.gz'))).toBe(true);
    const folds = JSON.parse(readFileSync(join(dir, 'v', 'folds.json'), 'utf8'));
    expect(folds).toEqual(result.folds);
    const params = folds.folds[0].params as FoldParams;
    expect(folds.folds[0]).toMatchObject({
      z: 1,
      shape: 'straight',
      reach: params.L + (params.F - params.L) / params.s,
    });
    const tissue = new TiledTissue(stack, { first: 0, offset: [317, 651] });
    for (let z = 0; z < SECTIONS; z++) {
      const clean = tissue.region(z, 0, 0, SIZE, SIZE);
      const damaged = z === 1 ? degradeFold(clean, params).degraded : clean;
      const [dLevels, tLevels] = [pyramid(damaged, info.scales.length), pyramid(clean, info.scales.length)];
      info.scales.forEach((_, level) => {
        expect(Buffer.compare(readSection(result.degraded, info, level, z).data, dLevels[level].data)).toBe(0);
        expect(Buffer.compare(readSection(result.truth, info, level, z).data, tLevels[level].data)).toBe(0);
      });
    }
    // Wherever nothing changed the truth is a hard link to the degraded chunk.
    const name = `${info.scales[0].key}/0-32_0-32_0-1.gz`;
    expect(statSync(join(result.truth, name)).ino).toBe(statSync(join(result.degraded, name)).ino);
  });

  it('resumes an interrupted run into the same bytes, and skips what was complete', async () => {
    const whole = await makeBigVolume(options(join(dir, 'whole')));
    const controller = new AbortController();
    const out = join(dir, 'resumed');
    await expect(
      makeBigVolume(
        options(out, { signal: controller.signal, onProgress: (done) => done === 2 && controller.abort() }),
      ),
    ).rejects.toThrow();
    const info = readInfo(join(out, 'degraded'));
    unlinkSync(join(out, 'degraded', info.scales[1].key, '0-32_0-32_0-1.gz'));
    const resumed = await makeBigVolume(options(out));
    expect(resumed.skipped).toBe(1);
    for (const volume of ['degraded', 'truth'] as const) {
      const [a, b] = [files(whole[volume]), files(resumed[volume])];
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [key, bytes] of a) expect(Buffer.compare(bytes, b.get(key)!)).toBe(0);
    }
  });

  it('refuses to resume into an output made with other options, or into a foreign folder', async () => {
    await makeBigVolume(options(join(dir, 'v')));
    await expect(makeBigVolume(options(join(dir, 'v'), { seed: 4 }))).rejects.toThrow(/other options/);
    await expect(makeBigVolume(options(join(dir, 'v', 'degraded')))).rejects.toThrow(/not a generated volume/);
  });
});
