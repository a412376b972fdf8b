/**
 * Where a precomputed volume's files come from: a local directory or an http(s) URL (the demo
 * server serves volumes at /data). Reading is async so both look the same to the callers.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PrecomputedFormatError } from './errors.js';

export interface VolumeStore {
  /** Absolute directory or URL without trailing slash: names the source in messages and manifests. */
  readonly location: string;
  /** True for a directory on this machine (its path can be compared with an output path). */
  readonly isLocal: boolean;
  /** Bytes of `<location>/<key>`, or undefined when there is no such file (a chunk never written). */
  read(key: string, signal?: AbortSignal): Promise<Uint8Array | undefined>;
}

const isUrl = (text: string): boolean => /^https?:\/\//i.test(text);

/** `precomputed://` is Neuroglancer's scheme prefix; users paste it along with the URL. */
function stripScheme(location: string): string {
  return location.replace(/^precomputed:\/\//i, '').replace(/\/+$/, '');
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
      // Checked around each request rather than handed to fetch: a long run's signal would
      // collect one abort listener per chunk request, and a chunk request is short anyway.
      signal?.throwIfAborted();
      let response: Response;
      try {
        response = await fetch(url);
      } catch (err) {
        throw new PrecomputedFormatError(`${url}: cannot fetch (${(err as Error).message})`);
      }
      signal?.throwIfAborted();
      if (response.status === 404) return undefined;
      if (!response.ok) throw new PrecomputedFormatError(`${url}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/** A store for a local path or an http(s) URL, with or without the `precomputed://` prefix. */
export function openStore(location: string): VolumeStore {
  const bare = stripScheme(location);
  return isUrl(bare) ? httpStore(bare) : localStore(resolve(bare));
}
