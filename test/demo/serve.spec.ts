import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type RunningServer, startServer } from '../../demo/serve.js';
import { tempDir } from '../io/precomputed/helpers.js';

describe('demo server', () => {
  let root: string;
  let server: RunningServer;
  const chunk = Uint8Array.from({ length: 64 }, (_, i) => i * 3);

  beforeAll(async () => {
    root = tempDir('serve');
    const vol = join(root, 'demo', 'data', 'vol', '4_4_40');
    mkdirSync(vol, { recursive: true });
    writeFileSync(join(root, 'demo', 'data', 'vol', 'info'), '{"type":"image"}');
    writeFileSync(join(vol, '0-8_0-8_0-1'), chunk);
    writeFileSync(
      join(vol, '8-16_0-8_0-1'),
      chunk.map((v) => 255 - v),
    );
    writeFileSync(join(vol, '8-16_0-8_0-1.gz'), gzipSync(chunk.map((v) => 255 - v)));
    mkdirSync(join(root, 'demo', 'data', 'v.zarr'), { recursive: true });
    writeFileSync(join(root, 'demo', 'data', 'v.zarr', '.zgroup'), '{"zarr_format":2}');
    mkdirSync(join(root, 'models'));
    writeFileSync(join(root, 'models', 'net.onnx'), 'onnx');
    mkdirSync(join(root, 'build'));
    writeFileSync(join(root, 'build', 'index.html'), '<!doctype html><title>viewer</title>');
    server = await startServer({ port: 0, root });
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('listens on a free port on 127.0.0.1', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:8080$/);
  });

  it('serves a chunk with CORS and cross-origin isolation headers', async () => {
    const res = await fetch(`${server.url}/data/vol/4_4_40/0-8_0-8_0-1`, {
      headers: { Origin: 'http://elsewhere.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(chunk);
  });

  it('answers a CORS preflight', async () => {
    const res = await fetch(`${server.url}/data/vol/info`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://elsewhere.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('labels metadata files as JSON', async () => {
    const info = await fetch(`${server.url}/data/vol/info`);
    expect(info.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await info.json()).toEqual({ type: 'image' });
    const zgroup = await fetch(`${server.url}/data/v.zarr/.zgroup`);
    expect(zgroup.status).toBe(200);
    expect(zgroup.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('sends a precompressed sibling with Content-Encoding: gzip when accepted', async () => {
    const url = `${server.url}/data/vol/4_4_40/8-16_0-8_0-1`;
    const gz = await fetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('content-type')).toBe('application/octet-stream');
    expect(gz.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(new Uint8Array(await gz.arrayBuffer())).toEqual(chunk.map((v) => 255 - v)); // fetch inflates
    const plain = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await plain.arrayBuffer())).toEqual(chunk.map((v) => 255 - v));
  });

  it('answers 404 for a missing chunk and a directory', async () => {
    for (const path of ['/data/vol/4_4_40/16-24_0-8_0-1', '/data/vol/4_4_40', '/data/nothing/info']) {
      const res = await fetch(`${server.url}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('never serves files outside its roots', async () => {
    // fetch() would normalise the dots away; a raw request sends them as written.
    for (const path of [
      '/data/../package.json',
      '/data/%2e%2e/models/net.onnx',
      '/data/vol/%2e%2e%2f%2e%2e%2f%2e%2e%2fmodels%2fnet.onnx',
    ]) {
      const status = await new Promise<number>((done, fail) => {
        const { hostname, port } = new URL(server.url);
        request({ hostname, port, path, headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        })
          .on('error', fail)
          .end();
      });
      expect([path, status >= 400]).toEqual([path, true]);
    }
  });

  it('serves the viewer at / and the models at /models/', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('viewer');
    const model = await fetch(`${server.url}/models/net.onnx`);
    expect(model.status).toBe(200);
    expect(await model.text()).toBe('onnx');
  });
});
