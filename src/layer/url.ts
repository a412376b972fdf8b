/**
 * `sff://<inner data source URL>` parsing. Pure (no Neuroglancer import) so it is unit-tested in
 * Node and reused by the CLI or the demo.
 *
 * Handling of awkward inputs:
 * - empty inner URL (`sff://`, `sff://  `)            → InvalidUrl
 * - recursion (`sff://sff://…`)                       → InvalidUrl (restoring twice is meaningless)
 * - `|` pipelines (`sff://https://h/p|zarr2:`)         → InvalidUrl: Neuroglancer splits the whole
 *   layer URL on `|` before any provider sees it, so a pipeline can never reach the inner source
 *   intact. Use the scheme-first form instead (`sff://zarr2://https://h/p`).
 * - inner URL without a scheme (`sff://data/x`)        → InvalidUrl
 */
import { SffLayerError } from './errors.js';

export const SFF_SCHEME = 'sff';
const SFF_PREFIX = `${SFF_SCHEME}://`;
// Same shape Neuroglancer accepts for a data source or kvstore scheme (`precomputed://`, `gs://`).
const INNER_SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/\S/;

function invalid(url: string, why: string): SffLayerError {
  return new SffLayerError('InvalidUrl', `Invalid sff:// URL ${JSON.stringify(url)}: ${why}`);
}

/** Validates the part after `sff://` (Neuroglancer's `providerUrl`) and returns the inner URL. */
export function parseSffProviderUrl(providerUrl: string): string {
  const inner = providerUrl.trim();
  const shown = SFF_PREFIX + providerUrl;
  if (inner === '') {
    throw invalid(shown, 'the inner data source URL is empty; expected sff://<source URL>, e.g. sff://precomputed://https://host/volume');
  }
  if (inner.includes('|')) {
    throw invalid(shown, '"|" pipeline URLs cannot be wrapped; use the scheme-first form, e.g. sff://zarr2://https://host/volume');
  }
  const match = INNER_SCHEME.exec(inner);
  if (match === null) {
    throw invalid(shown, 'the inner URL needs a scheme, e.g. precomputed://, zarr://, n5:// or https://');
  }
  if (match[1].toLowerCase() === SFF_SCHEME) {
    throw invalid(shown, 'sff:// cannot wrap another sff:// source');
  }
  return inner;
}

/** Parses a full `sff://…` URL and returns the inner data source URL. */
export function parseSffUrl(url: string): string {
  const trimmed = url.trim();
  if (!trimmed.toLowerCase().startsWith(SFF_PREFIX)) {
    throw invalid(url, `expected it to start with ${SFF_PREFIX}`);
  }
  return parseSffProviderUrl(trimmed.slice(SFF_PREFIX.length));
}

/** Builds the `sff://` URL wrapping `innerUrl` (validated, so the result always parses). */
export function makeSffUrl(innerUrl: string): string {
  return SFF_PREFIX + parseSffProviderUrl(innerUrl);
}
