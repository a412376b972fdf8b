/**
 * Where a precomputed volume's files come from: a local directory or an http(s) URL (the demo
 * server serves volumes at /data). Reading is async so both look the same to the callers.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SffError } from '../../core/errors.js';
import { httpGet } from '../http.js';
import { PrecomputedFormatError } from './errors.js';

export interface VolumeStore {
  /** Absolute directory or URL without trailing slash: names the source in messages and manifests. */
  readonly location: string;
  /** True for a directory on this machine (its path can be compared with an output path). */
  readonly isLocal: boolean;
  /** Bytes of `<location>/<key>`, or undefined when there is no such file (a chunk never written). */
  read(key: string, signal?: AbortSignal): Promise<Uint8Array | undefined>;
}

const SUPPORTED =
  'a local path, http://, https://, gs://bucket/path or s3://bucket/path (precomputed:// prefix allowed)';

/**
 * Where a volume location points, as Neuroglancer reads it: a `precomputed://` prefix is dropped,
 * `gs://b/p` → `https://storage.googleapis.com/b/p`, `s3://b/p` → `https://b.s3.amazonaws.com/p`,
 * http(s) stays a URL and anything without a scheme is a local path. Other schemes (ftp://, an
 * empty location, a bare `precomputed://`) are refused with one line naming the supported ones.
 */
export function resolveLocation(location: string): { url: string } | { path: string } {
  const bare = location.trim().replace(/^precomputed:\/\//i, '');
  const refuse = (why: string): SffError<'UnsupportedScheme'> =>
    new SffError('UnsupportedScheme', `${why}; give ${SUPPORTED}`);
  if (bare === '') throw refuse(location.trim() === '' ? 'empty volume location' : `no volume after ${location}`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(bare)?.[1].toLowerCase();
  const rest = bare.slice((scheme?.length ?? 0) + 3).replace(/\/+$/, '');
  if (scheme === undefined) return { path: bare.replace(/(.)\/+$/, '$1') };
  if (scheme === 'http' || scheme === 'https') return { url: bare.replace(/\/+$/, '') };
  if (scheme === 'gs' || scheme === 's3') {
    const [bucket, ...path] = rest.split('/');
    if (bucket === '') throw refuse(`${location}: no bucket`);
    const tail = path.length > 0 ? `/${path.join('/')}` : '';
    return {
      url:
        scheme === 'gs'
          ? `https://storage.googleapis.com/${bucket}${tail}`
          : `https://${bucket}.s3.amazonaws.com${tail}`,
    };
  }
  throw refuse(`${location}: unsupported scheme ${scheme}://`);
}

function localStore(dir: string): VolumeStore {
  return {
    location: dir,
    isLocal: true,
    async read(key) {
      try {
        return new Uint8Array(await readFile(`${dir}/${key}`));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return undefined;
        throw new PrecomputedFormatError(`${dir}/${key}: cannot read (${code ?? err})`);
      }
    },
  };
}

function httpStore(base: string): VolumeStore {
  return {
    location: base,
    isLocal: false,
    async read(key, signal) {
      const url = `${base}/${key}`;
      const answer = await httpGet(url, { signal });
      if (answer.status === 404) return undefined;
      if (answer.status < 200 || answer.status > 299)
        throw new SffError('FetchError', `GET ${url}: HTTP ${answer.status}`);
      return answer.bytes;
    },
  };
}

/** A store for a local path or a URL (see resolveLocation), with or without the `precomputed://` prefix. */
export function openStore(location: string): VolumeStore {
  const where = resolveLocation(location);
  return 'url' in where ? httpStore(where.url) : localStore(resolve(where.path));
}
