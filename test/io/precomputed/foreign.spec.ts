/**
 * Volumes written by other tools (test/fixtures/precomputed, made by make_fixtures.py with PIL,
 * Python's gzip and struct): JPEG, PNG, gzip-compressed raw and sharded scales read back as the
 * source image's pixels, locally and over http (Range requests, gzip Content-Encoding).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import murmur from 'murmurhash3js-revisited';
import type { GrayImage } from '../../../src/core/image.js';
import { readGrayPng } from '../../../src/io/png.js';
import { openVolume, parseInfo, readInfo, readScale } from '../../../src/io/precomputed/index.js';
import {
  compressedMortonCode,
  locateChunk,
  murmurHash3X86_128Low64,
  murmurHash3X86_128Low64OfBytes,
  type ShardingSpec,
} from '../../../src/io/precomputed/sharded.js';
import { serveStatic } from '../../helpers/static_server.js';
import { foldedStack } from '../../offline/fixtures.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'precomputed');
const DEPTH = 3;

/** source.png is the volume's sections stacked vertically. */
function sourceSections(file: string): GrayImage[] {
  const png = readGrayPng(join(FIXTURES, file));
  const height = png.height / DEPTH;
  return Array.from({ length: DEPTH }, (_, z) => ({
    width: png.width,
    height,
    data: png.data.slice(z * png.width * height, (z + 1) * png.width * height),
  }));
}
const base = sourceSections('source.png');
const half = sourceSections('source_scale1.png');

function diff(a: GrayImage, b: GrayImage): { max: number; mean: number } {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.data.length };
}

/** Tolerance 16 / 2 for the smooth source.png; noisy real tissue at quality 90 differs more (24 / 4). */
function expectJpegClose(got: GrayImage, want: GrayImage, tolerance = { max: 16, mean: 2 }): void {
  const { max, mean } = diff(got, want);
  expect(max).toBeLessThanOrEqual(tolerance.max);
  expect(mean).toBeLessThan(tolerance.mean);
}

const exact = (got: GrayImage, want: GrayImage): void => expect(diff(got, want).max).toBe(0);

describe('reading volumes written by other tools', () => {
  it('png: both scales exactly, sync and async', async () => {
    const dir = join(FIXTURES, 'png');
    const info = readInfo(dir);
    expect(info.scales.map((s) => s.encoding)).toEqual(['png', 'png']);
    readScale(dir, info, 0).forEach((s, z) => exact(s, base[z]));
    readScale(dir, info, 1).forEach((s, z) => exact(s, half[z]));
    const volume = await openVolume(dir);
    for (let z = 0; z < DEPTH; z++) exact(await volume.section(z), base[z]);
  });

  it('jpeg: both scales within JPEG tolerance, sync and async', async () => {
    const dir = join(FIXTURES, 'jpeg');
    const info = readInfo(dir);
    readScale(dir, info, 0).forEach((s, z) => expectJpegClose(s, base[z]));
    readScale(dir, info, 1).forEach((s, z) => expectJpegClose(s, half[z]));
    const volume = await openVolume(dir);
    for (let z = 0; z < DEPTH; z++) expectJpegClose(await volume.section(z), base[z]);
  });

  it('raw chunks stored only as <chunk>.gz, exactly', async () => {
    const dir = join(FIXTURES, 'raw_gz');
    readScale(dir, readInfo(dir), 0).forEach((s, z) => exact(s, base[z]));
    const volume = await openVolume(dir);
    for (let z = 0; z < DEPTH; z++) exact(await volume.section(z), base[z]);
  });

  it('sharded: raw scale (gzip minishard indices, preshift) exactly; jpeg scale (gzip data), a missing chunk as zeros', async () => {
    const dir = join(FIXTURES, 'sharded');
    const info = readInfo(dir);
    expect(info.scales.map((s) => [s.encoding, s.sharding?.hash])).toEqual([
      ['raw', 'identity'],
      ['jpeg', 'identity'],
    ]);
    readScale(dir, info, 0).forEach((s, z) => exact(s, base[z]));
    const lower = readScale(dir, info, 1);
    lower.slice(0, 2).forEach((s, z) => expectJpegClose(s, half[z]));
    expect(lower[2].data.every((v) => v === 0)).toBe(true); // chunk id 1 was left out of the shard
    const volume = await openVolume(dir);
    for (let z = 0; z < DEPTH; z++) exact(await volume.section(z), base[z]);
    const box = { x0: 0, x1: 48, y0: 0, y1: 40, z0: 2, z1: 3 };
    expect(await volume.chunk(info.scales[1], box)).toBeUndefined();
  });

  it('sharded with the murmurhash3_x86_128 hash over four shards (png chunks, gzip data), exactly', async () => {
    const dir = join(FIXTURES, 'sharded_murmur');
    const info = readInfo(dir);
    expect(info.scales[0].sharding?.hash).toBe('murmurhash3_x86_128');
    readScale(dir, info, 0).forEach((s, z) => exact(s, base[z]));
    const volume = await openVolume(dir);
    for (let z = 0; z < DEPTH; z++) exact(await volume.section(z), base[z]);
  });
});

const TISSUE = { max: 24, mean: 4 };

describe('a sharded JPEG volume written by tensorstore 0.1.85 (ts_sharded_jpeg, test/fixtures/zarr/make_fixtures.py)', () => {
  it('reads foldedStack(0, 4, [2]) within JPEG tolerance, sync and async', async () => {
    const dir = join(FIXTURES, 'ts_sharded_jpeg');
    const { sections } = foldedStack(0, 4, [2]);
    const info = readInfo(dir);
    expect(info.scales[0].sharding?.minishard_index_encoding).toBe('gzip');
    readScale(dir, info, 0).forEach((s, z) => expectJpegClose(s, sections[z], TISSUE));
    const volume = await openVolume(dir);
    for (let z = 0; z < 4; z++) expectJpegClose(await volume.section(z), sections[z], TISSUE);
  });
});

describe('reading over http', () => {
  it('a sharded volume through Range requests only, minishard indices fetched once', async () => {
    const log: string[] = [];
    const { url, server } = await serveStatic(join(FIXTURES, 'sharded'), log);
    try {
      const volume = await openVolume(`precomputed://${url}`);
      for (let z = 0; z < DEPTH; z++) exact(await volume.section(z), base[z]);
      const shardReads = log.filter((l) => l.includes('.shard'));
      expect(shardReads.every((l) => / bytes=\d+-\d+$/.test(l))).toBe(true);
      // 8 chunks in 4 minishards: 4 index entries + 4 minishard indices + 8 chunks.
      expect(shardReads).toHaveLength(16);
    } finally {
      server.close();
    }
  });

  it('raw chunks sent with Content-Encoding: gzip', async () => {
    // raw_gz's .gz files served under the plain chunk names, as gzip_static or GCS does.
    const dir = join(FIXTURES, 'raw_gz');
    const plain = createServer((req, res) => {
      const path = decodeURIComponent(req.url ?? '/');
      try {
        if (path === '/info') res.writeHead(200).end(readFileSync(join(dir, 'info')));
        else res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(readFileSync(join(dir, `${path}.gz`)));
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const port = (plain.address() as AddressInfo).port;
      const volume = await openVolume(`http://127.0.0.1:${port}`);
      for (let z = 0; z < DEPTH; z++) exact(await volume.section(z), base[z]);
    } finally {
      plain.close();
    }
  });
});

describe('sharding primitives', () => {
  it('murmurhash3_x86_128: SMHasher verification value 0xB3ECE62A', () => {
    // SMHasher VerificationTest: hash keys {0}, {0,1}, …, {0..254} with seed 256 − n, concatenate
    // the 16-byte hashes (h1..h4 little-endian), hash that with seed 0; the first 4 bytes, read
    // little-endian, are the published verification value.
    const hashes = new Uint8Array(256 * 16);
    const view = new DataView(hashes.buffer);
    for (let n = 0; n < 256; n++) {
      const key = Uint8Array.from({ length: n }, (_, i) => i);
      const hex = murmur.x86.hash128(key, 256 - n);
      for (let w = 0; w < 4; w++) view.setUint32(16 * n + 4 * w, parseInt(hex.slice(8 * w, 8 * w + 8), 16), true);
    }
    const low64 = murmurHash3X86_128Low64OfBytes(hashes, 0);
    expect(Number(low64 & 0xffffffffn)).toBe(0xb3ece62a);
  });

  it('murmurhash3_x86_128 of a uint64: tensorstore test vector (hash of 0 is h = e028ae41, 4772b084, …)', () => {
    // tensorstore neuroglancer_uint64_sharded murmurhash3_test.cc (computed with pymmh3).
    expect(murmurHash3X86_128Low64(0n)).toBe(0x4772b084e028ae41n);
  });

  it('compressed Morton code drops an axis once its bits run out', () => {
    const shape: [number, number, number] = [4, 2, 1]; // x: 2 bits, y: 1, z: 0
    expect(compressedMortonCode([0, 0, 0], shape)).toBe(0n);
    expect(compressedMortonCode([1, 0, 0], shape)).toBe(1n);
    expect(compressedMortonCode([0, 1, 0], shape)).toBe(2n);
    expect(compressedMortonCode([2, 0, 0], shape)).toBe(4n); // x bit 1 follows directly: y is done
    expect(compressedMortonCode([3, 1, 0], shape)).toBe(7n);
    expect(compressedMortonCode([1, 1, 1], [2, 2, 2])).toBe(7n);
    expect(compressedMortonCode([2, 0, 0], [4, 4, 4])).toBe(8n);
  });

  it('shard file names are lowercase hex padded to ceil(shard_bits / 4) digits', () => {
    const spec: ShardingSpec = {
      '@type': 'neuroglancer_uint64_sharded_v1',
      preshift_bits: 0,
      hash: 'identity',
      minishard_bits: 2,
      shard_bits: 6,
      minishard_index_encoding: 'raw',
      data_encoding: 'raw',
    };
    expect(locateChunk(spec, 0b101111_01n)).toEqual({ chunkId: 0b101111_01n, shardFile: '2f.shard', minishard: 1 });
    expect(locateChunk({ ...spec, shard_bits: 0 }, 7n).shardFile).toBe('0.shard');
  });
});

describe('info checks', () => {
  const info = (scale: Record<string, unknown>): unknown => ({
    '@type': 'neuroglancer_multiscale_volume',
    type: 'image',
    data_type: 'uint8',
    num_channels: 1,
    scales: [{ key: 's0', size: [8, 8, 1], resolution: [1, 1, 1], chunk_sizes: [[8, 8, 1]], ...scale }],
  });
  const sharding = {
    '@type': 'neuroglancer_uint64_sharded_v1',
    preshift_bits: 0,
    hash: 'identity',
    minishard_bits: 0,
    shard_bits: 0,
  };

  it('accepts raw, jpeg and png, sharded or not', () => {
    for (const encoding of ['raw', 'jpeg', 'png']) {
      expect(parseInfo(info({ encoding })).scales[0].encoding).toBe(encoding);
      expect(parseInfo(info({ encoding, sharding })).scales[0].sharding).toMatchObject({
        minishard_index_encoding: 'raw',
        data_encoding: 'raw',
      });
    }
  });

  it.each([
    [{ encoding: 'compressed_segmentation' }, /encoding "compressed_segmentation" is not supported \(raw, jpeg, png\)/],
    [{ encoding: 'raw', sharding: { ...sharding, hash: 'sha1' } }, /sharding hash "sha1" is not supported/],
    [{ encoding: 'raw', sharding: { ...sharding, '@type': 'x' } }, /sharding @type "x" is not supported/],
    [{ encoding: 'raw', sharding: { ...sharding, data_encoding: 'zstd' } }, /data_encoding "zstd" is not supported/],
  ])('refuses %j in one line', (scale, message) => {
    expect(() => parseInfo(info(scale))).toThrow(message);
    try {
      parseInfo(info(scale));
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
