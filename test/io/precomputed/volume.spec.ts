import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openVolume, readInfo, readScale, stackOfImages, writePrecomputed } from '../../../src/io/precomputed/index.js';
import { randomSections, tempDir } from './helpers.js';

/** Serves `dir` read-only over http, 404 for what is missing (as a static file server does). */
function serve(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    try {
      const body = readFileSync(join(dir, decodeURIComponent(req.url ?? '/')));
      res.writeHead(200).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

describe('openVolume', () => {
  let dir: string;
  let vol: string;
  const sections = randomSections(40, 24, 5, 3);
  beforeEach(async () => {
    dir = tempDir('volume');
    vol = join(dir, 'vol');
    await writePrecomputed(vol, stackOfImages(sections), { resolution: [4, 4, 40], chunkSize: [16, 16, 2], scales: 2 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every base section as written, and the info as stored', async () => {
    const volume = await openVolume(vol);
    expect(volume.store.isLocal).toBe(true);
    expect(volume.info).toEqual(readInfo(vol));
    expect(Buffer.from(volume.infoBytes).equals(readFileSync(join(vol, 'info')))).toBe(true);
    // Out of order: the slab cache must not hand out a neighbouring slab's section.
    for (const z of [4, 0, 3, 1, 2]) expect(await volume.section(z)).toEqual(sections[z]);
  });

  it('reads a volume over http the same way, with or without the precomputed:// prefix', async () => {
    const { url, server } = await serve(vol);
    try {
      for (const location of [url, `precomputed://${url}/`]) {
        const volume = await openVolume(location);
        expect(volume.store.isLocal).toBe(false);
        expect(volume.store.location).toBe(url);
        expect(await Promise.all([0, 1, 2, 3, 4].map((z) => volume.section(z)))).toEqual(sections);
      }
      const missing = await openVolume(url);
      await expect(
        missing.chunk(missing.info.scales[0], { x0: 0, x1: 16, y0: 0, y1: 16, z0: 100, z1: 102 }),
      ).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });

  it('gives stored chunk bytes, zeros for a missing chunk, and an error for a chunk of the wrong size', async () => {
    const key = readInfo(vol).scales[0].key;
    unlinkSync(join(vol, key, '16-32_0-16_0-2'));
    const volume = await openVolume(vol);
    const box = { x0: 0, x1: 16, y0: 0, y1: 16, z0: 0, z1: 2 };
    expect(
      Buffer.from((await volume.chunk(volume.info.scales[0], box))!).equals(
        readFileSync(join(vol, key, '0-16_0-16_0-2')),
      ),
    ).toBe(true);
    const section = await volume.section(0);
    expect(section.data[5 * 40 + 20]).toBe(0);
    expect(section).not.toEqual(sections[0]);
    expect(readScale(vol, readInfo(vol))[0]).toEqual(section);
    writeFileSync(join(vol, key, '0-16_0-16_2-4'), new Uint8Array(3));
    await expect(volume.section(2)).rejects.toThrow(/0-16_0-16_2-4: 3 bytes, expected 512/);
  });

  it('refuses what is not a uint8 precomputed volume, in one line', async () => {
    await expect(openVolume(join(dir, 'nothing'))).rejects.toThrow(
      /nothing\/info: not found \(not a precomputed volume;/,
    );
    const info = JSON.parse(readFileSync(join(vol, 'info'), 'utf8'));
    writeFileSync(join(vol, 'info'), JSON.stringify({ ...info, data_type: 'uint16' }));
    await expect(openVolume(vol)).rejects.toThrow(/data_type "uint16" is not supported \(only uint8\)/);
    mkdirSync(join(dir, 'junk'));
    writeFileSync(join(dir, 'junk', 'info'), '{');
    await expect(openVolume(join(dir, 'junk'))).rejects.toThrow(/junk\/info: not valid JSON/);
  });
});
