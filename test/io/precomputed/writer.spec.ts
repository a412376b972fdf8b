import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isSffError } from '../../../src/core/errors.js';
import { makeGray } from '../../../src/core/image.js';
import {
  downsample2x2,
  readInfo,
  readScale,
  readSection,
  stackOfImages,
  writePrecomputed,
} from '../../../src/io/precomputed/index.js';
import { rejection } from '../../errors.js';
import { randomSections, tempDir } from './helpers.js';

const resolution: [number, number, number] = [4, 4, 40];

describe('writePrecomputed', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('precomputed');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names clipped chunks by voxel bounds and stores them x fastest, then y, then z', async () => {
    // Voxel value encodes its own coordinates, so any mix-up of axes shows.
    const sections = [0, 1, 2].map((z) =>
      makeGray(
        5,
        3,
        Uint8Array.from({ length: 15 }, (_, i) => (i % 5) + 10 * Math.floor(i / 5) + 100 * z),
      ),
    );
    const out = join(dir, 'vol');
    await writePrecomputed(out, stackOfImages(sections), { resolution, chunkSize: [2, 2, 2], scales: 2 });
    expect(readdirSync(out).sort()).toEqual(['4_4_40', '8_8_40', 'info']);
    expect(readdirSync(join(out, '4_4_40')).sort()).toEqual([
      '0-2_0-2_0-2',
      '0-2_0-2_2-3',
      '0-2_2-3_0-2',
      '0-2_2-3_2-3',
      '2-4_0-2_0-2',
      '2-4_0-2_2-3',
      '2-4_2-3_0-2',
      '2-4_2-3_2-3',
      '4-5_0-2_0-2',
      '4-5_0-2_2-3',
      '4-5_2-3_0-2',
      '4-5_2-3_2-3',
    ]);
    expect(Array.from(readFileSync(join(out, '4_4_40', '2-4_0-2_0-2')))).toEqual([2, 3, 12, 13, 102, 103, 112, 113]);
    expect(Array.from(readFileSync(join(out, '4_4_40', '4-5_2-3_2-3')))).toEqual([224]);
    expect(readdirSync(join(out, '8_8_40')).sort()).toEqual([
      '0-2_0-2_0-2',
      '0-2_0-2_2-3',
      '2-3_0-2_0-2',
      '2-3_0-2_2-3',
    ]);
    const info = JSON.parse(readFileSync(join(out, 'info'), 'utf8'));
    expect(info.scales[1]).toMatchObject({ key: '8_8_40', size: [3, 2, 3], resolution: [8, 8, 40] });
  });

  it('round-trips through the reader at every scale', async () => {
    const sections = randomSections(70, 45, 7, 11);
    const out = join(dir, 'vol');
    const progress: number[] = [];
    await writePrecomputed(out, stackOfImages(sections), {
      resolution,
      chunkSize: [32, 16, 3],
      scales: 3,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([3, 6, 7]);
    const info = readInfo(out);
    expect(readScale(out, info, 0)).toEqual(sections);
    const half = sections.map(downsample2x2);
    expect(readScale(out, info, 1)).toEqual(half);
    expect(readScale(out, info, 2)).toEqual(half.map(downsample2x2));
    expect(readSection(out, info, 0, 4)).toEqual(sections[4]);
  });

  it('writes gzip siblings that inflate to the raw chunk', async () => {
    const out = join(dir, 'vol');
    await writePrecomputed(out, stackOfImages(randomSections(20, 20, 2, 5)), {
      resolution,
      chunkSize: [16, 16, 1],
      scales: 1,
      encoding: 'gzip',
    });
    const names = readdirSync(join(out, '4_4_40'));
    expect(names.filter((n) => n.endsWith('.gz'))).toHaveLength(names.length / 2);
    const raw = readFileSync(join(out, '4_4_40', '16-20_0-16_1-2'));
    expect(gunzipSync(readFileSync(join(out, '4_4_40', '16-20_0-16_1-2.gz')))).toEqual(raw);
    expect(JSON.parse(readFileSync(join(out, 'info'), 'utf8')).scales[0].encoding).toBe('raw');
  });

  it('reads a missing chunk as zeros, as Neuroglancer shows it', async () => {
    const out = join(dir, 'vol');
    const sections = randomSections(8, 8, 1, 9);
    await writePrecomputed(out, stackOfImages(sections), { resolution, chunkSize: [4, 4, 1], scales: 1 });
    rmSync(join(out, '4_4_40', '4-8_0-4_0-1'));
    const back = readSection(out, readInfo(out), 0, 0);
    expect(back.data[3]).toBe(sections[0].data[3]);
    expect(back.data[4]).toBe(0);
    expect(back.data[8 * 3 + 7]).toBe(0);
  });

  it('refuses to overwrite a directory that is not a volume, and replaces one that is', async () => {
    const out = join(dir, 'vol');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const stack = stackOfImages(randomSections(8, 8, 1, 1));
    const options = { resolution, chunkSize: [8, 8, 1] as [number, number, number], scales: 1 };
    expect(isSffError(await rejection(writePrecomputed(out, stack, options)), 'OutputExistsError')).toBe(true);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    rmSync(join(out, 'notes.txt'));
    await writePrecomputed(out, stack, options);
    const other = stackOfImages(randomSections(8, 8, 2, 2));
    await writePrecomputed(out, other, options);
    expect(readInfo(out).scales[0].size).toEqual([8, 8, 2]);
    expect(readdirSync(dir)).toEqual(['vol']);
  });

  it('leaves nothing behind when aborted or when a section fails', async () => {
    const out = join(dir, 'vol');
    const controller = new AbortController();
    const sections = randomSections(8, 8, 4, 1);
    const stack = stackOfImages(sections);
    const options = {
      resolution,
      chunkSize: [8, 8, 1] as [number, number, number],
      scales: 1,
      signal: controller.signal,
    };
    const aborting = writePrecomputed(out, stack, {
      ...options,
      onProgress: (done) => done === 2 && controller.abort(new Error('stop')),
    });
    await expect(aborting).rejects.toThrow('stop');
    const failing = {
      ...stack,
      section: (z: number) =>
        z < 3
          ? sections[z]
          : (() => {
              throw new Error('bad section');
            })(),
    };
    await expect(writePrecomputed(out, failing, { ...options, signal: undefined })).rejects.toThrow('bad section');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
