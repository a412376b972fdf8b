import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stackOfImages, writeOmeZarr } from '../../../src/io/precomputed/index.js';
import { randomSections, tempDir } from './helpers.js';

describe('writeOmeZarr', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('zarr');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an OME-Zarr group with full-size, zero-padded (z, y, x) chunks', async () => {
    const sections = randomSections(5, 3, 2, 7);
    const out = join(dir, 'v.zarr');
    await writeOmeZarr(out, stackOfImages(sections), { resolution: [4, 4, 40], chunkSize: [4, 2, 1] });
    const zarray = JSON.parse(readFileSync(join(out, '0', '.zarray'), 'utf8'));
    expect(zarray).toMatchObject({
      zarr_format: 2,
      shape: [2, 3, 5],
      chunks: [1, 2, 4],
      dtype: '|u1',
      compressor: null,
      dimension_separator: '/',
    });
    const attrs = JSON.parse(readFileSync(join(out, '.zattrs'), 'utf8'));
    expect(attrs.multiscales[0].axes.map((a: { name: string }) => a.name)).toEqual(['z', 'y', 'x']);
    expect(attrs.multiscales[0].datasets[0].coordinateTransformations).toEqual([
      { type: 'scale', scale: [40, 4, 4] },
      { type: 'translation', translation: [20, 2, 2] },
    ]);
    // Chunk (z=1, y=1, x=1) holds x 4..7, y 2..3 of section 1: one real voxel, the rest padding.
    const chunk = readFileSync(join(out, '0', '1', '1', '1'));
    expect(chunk.length).toBe(8);
    expect(Array.from(chunk)).toEqual([sections[1].data[2 * 5 + 4], 0, 0, 0, 0, 0, 0, 0]);
    const first = readFileSync(join(out, '0', '0', '0', '0'));
    expect(Array.from(first.subarray(4, 8))).toEqual(Array.from(sections[0].data.subarray(5, 9)));
  });
});
