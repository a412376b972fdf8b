/**
 * Static server for the demo and the browser tests: the viewer (`build/`) at `/`, the demo volumes
 * (`demo/data/`) at `/data/`, the ONNX models (`models/`) at `/models/`, the PNG stack
 * (`data/gerhard2013/`) at `/stack/`. Cross-origin isolated so
 * onnxruntime-web may use WASM threads (SharedArrayBuffer), CORS open so another Neuroglancer can
 * read the volumes.
 */
import { existsSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve, sep } from 'node:path';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';

export interface ServerOptions {
  /** 0 picks a free port (tests). Default 8080. */
  port?: number;
  /** Default 127.0.0.1: the demo is not meant to be reachable from the network. */
  host?: string;
  /** Repository root. */
  root: string;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

function isolationHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  next();
}

/** Metadata files without a telling extension: precomputed `info` and zarr v2 `.zarray` & co. */
const JSON_NAMES = new Set(['info', '.zarray', '.zattrs', '.zgroup', 'zarr.json']);

function contentType(path: string): string | undefined {
  return JSON_NAMES.has(basename(path)) ? 'application/json' : undefined;
}

const staticOptions = {
  index: false,
  redirect: false,
  dotfiles: 'allow' as const, // zarr metadata names start with a dot
  setHeaders(res: Response, path: string): void {
    const type = contentType(path);
    if (type !== undefined) res.setHeader('Content-Type', type);
  },
};

/**
 * Volumes are immutable while served: an hour, as cloud buckets give public objects by default.
 * The browser then fetches a chunk once for every layer and worker that reads it.
 */
const DATA_MAX_AGE_MS = 3600_000;

/**
 * Serves `<file>.gz` with `Content-Encoding: gzip` in place of `<file>` when the client accepts
 * gzip (like nginx `gzip_static`): `sff convert --encoding gzip` writes such siblings.
 */
function precompressedSiblings(dir: string) {
  const root = resolve(dir);
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.acceptsEncodings('gzip')) return next();
    let path: string;
    try {
      path = resolve(root, '.' + decodeURIComponent(req.path));
    } catch {
      return next(); // malformed escape: let the static handler answer
    }
    const gz = `${path}.gz`;
    if (!path.startsWith(root + sep) || !existsSync(gz) || !statSync(gz).isFile()) return next();
    res.vary('Accept-Encoding');
    res.sendFile(
      gz,
      {
        dotfiles: 'allow',
        maxAge: DATA_MAX_AGE_MS,
        headers: { 'Content-Encoding': 'gzip', 'Content-Type': contentType(path) ?? 'application/octet-stream' },
      },
      (err) => {
        if (err) next(err);
      },
    );
  };
}

export function createApp(root: string): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(isolationHeaders);
  app.use(cors());
  const data = join(root, 'demo', 'data');
  app.use('/data', precompressedSiblings(data), express.static(data, { ...staticOptions, maxAge: DATA_MAX_AGE_MS }));
  app.use('/models', express.static(join(root, 'models'), staticOptions));
  // The shipped Gerhard sections as PNGs: the self-check page's speed case folds three of them.
  app.use('/stack', express.static(join(root, 'data', 'gerhard2013'), staticOptions));
  app.use('/', express.static(join(root, 'build'), { ...staticOptions, index: 'index.html' }));
  // A missing chunk must be a plain 404: Neuroglancer then shows it as empty.
  app.use((_req: Request, res: Response) => {
    res.status(404).type('text/plain').send('not found\n');
  });
  return app;
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  const app = createApp(resolve(options.root));
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolvePromise, reject) => {
    const server = app.listen(options.port ?? 8080, host, (err?: Error) => {
      if (err) return reject(err);
      const { port } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolvePromise({
        url: `http://${shownHost}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((closeErr) => (closeErr ? fail(closeErr) : done()));
            server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
