/**
 * Volumes served beside the demo: any directory (serveDirectory; the committed fixtures of other
 * tools), and tiny precomputed volumes made in a temporary directory for what the demo data lack: a
 * non-uint8 data type and a missing chunk. Each is 256×128×1 in two 128² raw chunks: a ramp with
 * a dark disc, then a chunk that is absent on the server.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import cors from 'cors';
import express from 'express';

export interface FixtureServer {
  /** `precomputed://…` URLs of the volumes. */
  float32Url: string;
  uint8Url: string;
  close(): Promise<void>;
}

const SIZE = 128;

function writeVolume(dir: string, dataType: 'uint8' | 'float32'): void {
  const info = {
    '@type': 'neuroglancer_multiscale_volume',
    type: 'image',
    data_type: dataType,
    num_channels: 1,
    scales: [
      {
        key: 's0',
        size: [2 * SIZE, SIZE, 1],
        resolution: [4.6, 4.6, 50],
        voxel_offset: [0, 0, 0],
        chunk_sizes: [[SIZE, SIZE, 1]],
        encoding: 'raw',
      },
    ],
  };
  mkdirSync(path.join(dir, 's0'), { recursive: true });
  writeFileSync(path.join(dir, 'info'), JSON.stringify(info));
  const data = dataType === 'uint8' ? new Uint8Array(SIZE * SIZE) : new Float32Array(SIZE * SIZE);
  const scale = dataType === 'uint8' ? 255 : 1;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const inDisc = (x - 64) ** 2 + (y - 64) ** 2 < 30 ** 2;
      data[y * SIZE + x] = Math.round((inDisc ? 0.1 : x / SIZE) * scale * 1000) / 1000;
    }
  }
  // Only the first chunk exists: the second is "missing" (404).
  writeFileSync(path.join(dir, 's0', `0-${SIZE}_0-${SIZE}_0-1`), Buffer.from(data.buffer));
}

/**
 * Serves `dir` to the viewer: CORS and cross-origin resource policy (the viewer page is
 * cross-origin isolated, COEP), JSON types for metadata files, byte ranges (express.static) for
 * shards. Resolves with the base URL and a close function.
 */
export async function serveDirectory(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(cors());
  app.use((_req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  });
  const json = new Set(['info', '.zarray', '.zattrs', '.zgroup', 'zarr.json']);
  app.use(
    express.static(dir, {
      dotfiles: 'allow', // zarr v2 metadata names start with a dot
      setHeaders: (res, file) => json.has(path.basename(file)) && res.setHeader('Content-Type', 'application/json'),
    }),
  );
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sff-fixture-'));
  writeVolume(path.join(dir, 'f32'), 'float32');
  writeVolume(path.join(dir, 'u8'), 'uint8');
  const served = await serveDirectory(dir);
  const base = `precomputed://${served.url}`;
  return {
    float32Url: `${base}/f32`,
    uint8Url: `${base}/u8`,
    close: async () => {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
