/**
 * Zarr volumes written by other tools, read through openVolume as the CLI reads them: zarr-python
 * 2.13 (v2, OME-Zarr 0.4, zlib, two scales) and tensorstore 0.1.85 (v3, OME-Zarr 0.5, one
 * sharding_indexed shard), both holding the pixels of test/offline/fixtures.ts foldedStack(0, 4,
 * [2]) (test/fixtures/zarr/README.md); Neuroglancer's own uint16 OME-Zarr test data for the refusal.
 */
import { join } from 'node:path';
import { isSffError } from '../../../src/core/errors.js';
import { openVolume } from '../../../src/io/precomputed/index.js';
import { serveStatic } from '../../helpers/static_server.js';
import { foldedStack } from '../../offline/fixtures.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'zarr');
const { sections } = foldedStack(0, 4, [2]);

async function expectSections(location: string): Promise<void> {
  const volume = await openVolume(location);
  for (const z of [3, 0, 2, 1]) expect(await volume.section(z)).toEqual(sections[z]);
  expect(await volume.missingChunks(1)).toEqual([]);
}

describe('zarr volumes written by other tools', () => {
  it('zarr v2 from zarr-python (OME-Zarr 0.4): both scales, axes, voxel size and chunk grid', async () => {
    const location = `zarr://${join(FIXTURES, 'fold_v2.zarr')}`;
    await expectSections(location);
    const { info } = await openVolume(location);
    expect(info.scales.map((s) => [s.key, s.size, s.resolution, s.chunk_sizes[0], s.encoding])).toEqual([
      ['0', [256, 256, 4], [4.6, 4.6, 50], [128, 128, 2], 'raw'],
      ['1', [128, 128, 4], [9.2, 9.2, 50], [128, 128, 2], 'raw'],
    ]);
  });

  it('zarr v3 from tensorstore (OME-Zarr 0.5, sharded, gzip), also pinned with zarr3://', async () => {
    await expectSections(`zarr://${join(FIXTURES, 'fold_v3.zarr')}`);
    await expectSections(`zarr3://${join(FIXTURES, 'fold_v3.zarr')}`);
  });

  it('one array of the group, given by its path: one scale, voxel size unknown (1)', async () => {
    const volume = await openVolume(`zarr2://${join(FIXTURES, 'fold_v2.zarr', '0')}`);
    expect(volume.info.scales.map((s) => [s.size, s.resolution])).toEqual([
      [
        [256, 256, 4],
        [1, 1, 1],
      ],
    ]);
    expect(await volume.section(2)).toEqual(sections[2]);
  });

  it('over http: the v3 shard by byte ranges only (its index by a suffix range), never whole', async () => {
    const log: string[] = [];
    const { url, server } = await serveStatic(join(FIXTURES, 'fold_v3.zarr'), log);
    try {
      await expectSections(`zarr://${url}`);
      const shardReads = log.filter((l) => l.startsWith('/0/c/0/0/0'));
      expect(shardReads.length).toBeGreaterThan(0);
      expect(shardReads.every((l) => /bytes=\d*-\d+$/.test(l))).toBe(true);
      expect(shardReads.some((l) => / bytes=-\d+$/.test(l))).toBe(true);
    } finally {
      server.close();
    }
  });

  it('an aborted read rejects with the caller’s reason', async () => {
    const volume = await openVolume(`zarr://${join(FIXTURES, 'fold_v2.zarr')}`);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(volume.section(0, controller.signal)).rejects.toThrow('stop');
  });

  it.each([
    ['Neuroglancer’s OME-Zarr 0.4 (zarr v2, blosc)', 'simple_0.4'],
    ['Neuroglancer’s OME-Zarr 0.5 (zarr v3)', 'simple_0.5'],
  ])('%s, uint16: refused in one line naming the data type', async (_, name) => {
    const err: unknown = await openVolume(`zarr://${join(FIXTURES, 'neuroglancer', name)}`).catch((e: unknown) => e);
    expect(isSffError(err, 'UnsupportedDataType')).toBe(true);
    expect((err as Error).message).toMatch(/scale0\/image: data type uint16 is not supported \(only uint8\)$/);
  });

  it('a path that is no zarr, and a group without multiscales, in one line each', async () => {
    const none: unknown = await openVolume(`zarr://${join(FIXTURES, 'nothing')}`).catch((e: unknown) => e);
    expect(isSffError(none, 'ZarrFormatError')).toBe(true);
    expect((none as Error).message).toMatch(/nothing: not a zarr array or group/);
    const bare: unknown = await openVolume(`zarr://${join(FIXTURES, 'neuroglancer', 'simple_0.4', 'scale0')}`).catch(
      (e: unknown) => e,
    );
    expect((bare as Error).message).toMatch(/scale0: a zarr group without OME-Zarr multiscales/);
  });
});
