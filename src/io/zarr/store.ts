/**
 * Our VolumeStore (local directory or http(s), src/io/precomputed/store.ts) as a zarrita store.
 * zarrita's own FetchStore would bypass sff's http conventions; through this adapter every zarr
 * read gets the caller's AbortSignal (zarrita passes it down from `open` and `getChunk`), the
 * per-request timeout, the retries on 5xx and the one-line FetchError of src/io/http.ts, and a
 * v3 shard is read by byte ranges (local file ranges, http `Range:`), never whole.
 */
import { statSync } from 'node:fs';
import type { AbsolutePath, AsyncReadable, RangeQuery } from 'zarrita';
import { SffError } from '../../core/errors.js';
import { httpGet } from '../http.js';
import { localRangeSync, rangeReader } from '../precomputed/chunk_source.js';
import type { VolumeStore } from '../precomputed/store.js';

/** The last `length` bytes of `<location>/<key>` (a v3 shard index sits at the end of its shard). */
async function suffix(store: VolumeStore, key: string, length: number, signal?: AbortSignal) {
  if (store.isLocal) {
    const path = `${store.location}/${key}`;
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return undefined;
    }
    return localRangeSync(path, [Math.max(0, size - length), size]);
  }
  const url = `${store.location}/${key}`;
  const answer = await httpGet(url, { signal, headers: { Range: `bytes=-${length}` } });
  if (answer.status === 404) return undefined;
  if (answer.status < 200 || answer.status > 299) throw new SffError('FetchError', `GET ${url}: HTTP ${answer.status}`);
  // A server that ignores Range answers 200 with the whole file.
  return answer.status === 206 ? answer.bytes : answer.bytes.subarray(Math.max(0, answer.bytes.length - length));
}

export function zarritaStore(store: VolumeStore): AsyncReadable {
  const range = rangeReader(store);
  const keyOf = (path: AbsolutePath): string => path.replace(/^\/+/, '');
  return {
    get: (path, opts) => store.read(keyOf(path), opts?.signal),
    async getRange(path, query: RangeQuery, opts) {
      if ('suffixLength' in query) return suffix(store, keyOf(path), query.suffixLength, opts?.signal);
      return range(keyOf(path), [query.offset, query.offset + query.length], opts?.signal);
    },
  };
}
