/** A static file server for the readers' http tests: 404 for what is missing, byte ranges (`a-b` and suffix `-n`) answered with 206. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Serves `dir`; each request is logged as `<path> <range or "whole">`. */
export function serveStatic(dir: string, log: string[] = []): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '/');
    let body: Buffer;
    try {
      body = readFileSync(join(dir, path));
    } catch {
      res.writeHead(404).end();
      return;
    }
    log.push(`${path} ${req.headers.range ?? 'whole'}`);
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    const suffix = /^bytes=-(\d+)$/.exec(req.headers.range ?? '');
    const [start, end] = range
      ? [Number(range[1]), Math.min(Number(range[2]) + 1, body.length)]
      : suffix
        ? [Math.max(0, body.length - Number(suffix[1])), body.length]
        : [0, body.length];
    if (range || suffix) {
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${end - 1}/${body.length}` });
      res.end(body.subarray(start, end));
    } else {
      res.writeHead(200).end(body);
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}
