/** httpGet against a local server: a hang times out, 503 twice then 200 succeeds, an abort stops it. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isSffError } from '../../src/core/errors.js';
import { httpGet } from '../../src/io/http.js';
import { openStore } from '../../src/io/precomputed/store.js';
import { rejection } from '../errors.js';

let server: Server;
let base: string;
const hits = new Map<string, number>();
const hanging = new Set<ServerResponse>();

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  const n = (hits.get(path) ?? 0) + 1;
  hits.set(path, n);
  if (path.startsWith('/hang')) {
    hanging.add(res); // accepts and never answers
    return;
  }
  if (path.startsWith('/flaky')) {
    if (n <= 2) res.writeHead(503).end('busy');
    else res.writeHead(200).end('ok');
    return;
  }
  if (path.startsWith('/down')) {
    res.writeHead(503).end('busy');
    return;
  }
  if (path.startsWith('/vol/missing')) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200).end(path);
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('httpGet', () => {
  it('gives up on a server that never answers, naming the URL and the timeout', async () => {
    const started = Date.now();
    const err = await rejection(httpGet(`${base}/hang/a`, { timeoutMs: 100, tries: 2, backoffMs: 10 }));
    expect(isSffError(err, 'FetchError')).toBe(true);
    expect((err as Error).message).toBe(`GET ${base}/hang/a: timed out after 0.1 s (2 tries)`);
    expect(hits.get('/hang/a')).toBe(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('retries 5xx with backoff: 503 twice then 200', async () => {
    const answer = await httpGet(`${base}/flaky/b`, { timeoutMs: 1000, tries: 3, backoffMs: 10 });
    expect(answer.status).toBe(200);
    expect(new TextDecoder().decode(answer.bytes)).toBe('ok');
    expect(hits.get('/flaky/b')).toBe(3);
  });

  it('returns the last 5xx once the tries are spent', async () => {
    const answer = await httpGet(`${base}/down/c`, { timeoutMs: 1000, tries: 2, backoffMs: 10 });
    expect(answer.status).toBe(503);
    expect(hits.get('/down/c')).toBe(2);
  });

  it("stops mid-request on the caller's abort, with the caller's reason, without retrying", async () => {
    const abort = new AbortController();
    const reason = new Error('stop now');
    setTimeout(() => abort.abort(reason), 50);
    const started = Date.now();
    const err = await rejection(httpGet(`${base}/hang/d`, { signal: abort.signal, timeoutMs: 10_000, tries: 3 }));
    expect(err).toBe(reason);
    expect(hits.get('/hang/d')).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('names the URL when nothing listens', async () => {
    const err = await rejection(httpGet('http://127.0.0.1:1/x', { timeoutMs: 1000, tries: 1 }));
    expect(isSffError(err, 'FetchError')).toBe(true);
    expect((err as Error).message).toMatch(/^GET http:\/\/127\.0\.0\.1:1\/x: cannot fetch/);
  });
});

describe('the http volume store', () => {
  it('passes the signal and the timeout to every read; 404 is a chunk never written', async () => {
    const store = openStore(`precomputed://${base}/vol/`);
    expect(store.location).toBe(`${base}/vol`);
    expect(new TextDecoder().decode(await store.read('info'))).toBe('/vol/info');
    expect(await store.read('missing')).toBeUndefined();
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('cancelled')), 50);
    const hung = openStore(`${base}/hang/vol`);
    await expect(hung.read('info', abort.signal)).rejects.toThrow('cancelled');
  });
});
