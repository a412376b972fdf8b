/**
 * `restoreVolume` on volumes written by other tools (test/fixtures/precomputed, test/fixtures/zarr):
 * the copy keeps the source's sharding and its encoding (jpeg written as png), or is raw and
 * unsharded with `encoding: 'raw'`. Read back by the reader that is tested against other tools'
 * volumes (test/io/precomputed/foreign.spec.ts), and one output shard decoded here by hand from
 * the spec (neuroglancer src/datasource/precomputed/sharded.md), without our reader or writer.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { openVolume, readInfo, readScale } from '../../src/io/precomputed/index.js';
import { restoreVolume } from '../../src/offline/index.js';
import { tempDir } from '../io/precomputed/helpers.js';
import { fakeRunner } from '../restoration/fake_models.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'precomputed');
const ZARR = join(import.meta.dirname, '..', 'fixtures', 'zarr');
const runner = fakeRunner({ shift: 2, reach: 40 });
const copyOnly = { detect: false, force: new Set<number>(), runner: async () => runner };

/** Every chunk of a shard file, decoded from the bytes as the spec lays them out: id → stored bytes. */
function decodeShardByHand(bytes: Buffer, minishardBits: number, gzipIndex: boolean): Map<bigint, Buffer> {
  const indexEnd = 16 * 2 ** minishardBits;
  const chunks = new Map<bigint, Buffer>();
  for (let m = 0; m < 2 ** minishardBits; m++) {
    const start = Number(bytes.readBigUInt64LE(16 * m));
    const end = Number(bytes.readBigUInt64LE(16 * m + 8));
    if (start === end) continue;
    const stored = bytes.subarray(indexEnd + start, indexEnd + end);
    const index = gzipIndex ? gunzipSync(stored) : stored;
    const n = index.length / 24;
    let id = 0n;
    let offset = BigInt(indexEnd);
    for (let i = 0; i < n; i++) {
      id += index.readBigUInt64LE(8 * i);
      const chunkStart = offset + index.readBigUInt64LE(8 * (n + i));
      const size = index.readBigUInt64LE(8 * (2 * n + i));
      chunks.set(id, bytes.subarray(Number(chunkStart), Number(chunkStart + size)));
      offset = chunkStart + size;
    }
  }
  return chunks;
}

describe('restoreVolume of a foreign volume', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('restore-foreign')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the sharding and the encoding of a sharded source (raw scale; jpeg scale as png), a missing chunk missing', async () => {
    const source = join(FIXTURES, 'sharded');
    const out = join(dir, 'out');
    const result = await restoreVolume(source, out, copyOnly);
    expect(result.writtenSlabs).toBe(0);
    const sourceInfo = readInfo(source);
    const info = readInfo(out);
    expect(info.scales.map((s) => [s.encoding, s.sharding])).toEqual([
      ['raw', sourceInfo.scales[0].sharding],
      ['png', sourceInfo.scales[1].sharding],
    ]);
    for (const scale of info.scales)
      expect(readdirSync(join(out, scale.key)).every((f) => f.endsWith('.shard'))).toBe(true);
    for (const i of [0, 1]) expect(readScale(out, info, i)).toEqual(readScale(source, sourceInfo, i));
    const volume = await openVolume(out);
    const missing = { x0: 0, x1: 48, y0: 0, y1: 40, z0: 2, z1: 3 }; // the fixture leaves chunk id 1 out
    await expect(volume.chunk(volume.info.scales[1], missing)).resolves.toBeUndefined();
  });

  it('encoding raw: raw unsharded chunks with an info that says so', async () => {
    const source = join(FIXTURES, 'sharded');
    const out = join(dir, 'out');
    await restoreVolume(source, out, { ...copyOnly, encoding: 'raw' });
    const info = readInfo(out);
    expect(info.scales.map((s) => [s.encoding, s.sharding])).toEqual([
      ['raw', undefined],
      ['raw', undefined],
    ]);
    const stored = JSON.parse(readFileSync(join(out, 'info'), 'utf8')) as { scales: object[] };
    expect(stored.scales.every((s) => !('sharding' in s) && !('jpeg_quality' in s))).toBe(true);
    const sourceInfo = readInfo(source);
    for (const i of [0, 1]) expect(readScale(out, info, i)).toEqual(readScale(source, sourceInfo, i));
  });

  it('tensorstore’s sharded JPEG volume with a restored section: sharded png shards that decode by hand to what the reader reads', async () => {
    const source = join(FIXTURES, 'ts_sharded_jpeg');
    const out = join(dir, 'out');
    const result = await restoreVolume(source, out, { ...copyOnly, force: new Set([2]) });
    expect(result.records[2].restored).toBe(true);
    const stored = JSON.parse(readFileSync(join(out, 'info'), 'utf8')) as { scales: Array<Record<string, unknown>> };
    expect(stored.scales[0]).toMatchObject({ encoding: 'png', sharding: { minishard_index_encoding: 'gzip' } });
    expect(stored.scales[0]).not.toHaveProperty('jpeg_quality');
    const key = stored.scales[0].key as string;
    expect(readdirSync(join(out, key)).sort()).toEqual(['0.shard', '1.shard']);

    const read = async (location: string) => {
      const volume = await openVolume(location);
      return Promise.all([0, 1, 2, 3].map((z) => volume.section(z)));
    };
    const [before, after] = [await read(source), await read(out)];
    expect(after[2]).not.toEqual(before[2]);
    for (const z of [0, 1, 3]) expect(after[z]).toEqual(before[z]);

    // Grid 2×2×2 chunks of 128×128×2: the compressed Morton code is x + 2y + 4z; identity hash,
    // minishard_bits 1, shard_bits 1, so shard 0 holds the chunks with y = 0.
    const chunks = decodeShardByHand(readFileSync(join(out, key, '0.shard')), 1, true);
    expect([...chunks.keys()].sort()).toEqual([0n, 1n, 4n, 5n]);
    for (const [id, bytes] of chunks) {
      const [x, z] = [Number(id & 1n), Number(id >> 2n)];
      const png = PNG.sync.read(bytes);
      expect([png.width, png.height]).toEqual([128, 256]); // two 128² sections stacked
      for (let dz = 0; dz < 2; dz++) {
        const section = after[2 * z + dz];
        for (let y = 0; y < 128; y += 17) {
          for (let px = 0; px < 128; px += 13) {
            expect(png.data[4 * ((dz * 128 + y) * 128 + px)]).toBe(section.data[y * 256 + 128 * x + px]);
          }
        }
      }
    }
  });

  it('a zarr source (v3, sharded, tensorstore): a raw precomputed copy of its multiscale', async () => {
    const out = join(dir, 'out');
    await restoreVolume(`zarr://${join(ZARR, 'fold_v3.zarr')}`, out, copyOnly);
    const info = readInfo(out);
    expect(info.scales.map((s) => [s.key, s.encoding, s.sharding, s.size])).toEqual([
      ['0', 'raw', undefined, [256, 256, 4]],
    ]);
    const source = await openVolume(`zarr://${join(ZARR, 'fold_v3.zarr')}`);
    expect(readScale(out, info, 0)).toEqual(await Promise.all([0, 1, 2, 3].map((z) => source.section(z))));
  });

  it('resumes a sharded copy after an interrupt: the staged chunks of the first run end up in the same shards', async () => {
    const source = join(FIXTURES, 'ts_sharded_jpeg');
    const whole = join(dir, 'whole');
    await restoreVolume(source, whole, copyOnly);
    const out = join(dir, 'out');
    const abort = new AbortController();
    const first = restoreVolume(source, out, {
      ...copyOnly,
      signal: abort.signal,
      onSlab: () => abort.abort(new Error('stop')),
    });
    await expect(first).rejects.toThrow('stop');
    const resumed = await restoreVolume(source, out, copyOnly);
    expect(resumed.resumedAt).toBe(2);
    const key = readInfo(out).scales[0].key;
    for (const shard of ['0.shard', '1.shard'])
      expect(readFileSync(join(out, key, shard)).equals(readFileSync(join(whole, key, shard)))).toBe(true);
  });
});
