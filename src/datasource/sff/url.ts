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
 *
 * Options follow a `#`, `&`-separated, and are part of the layer's source URL so a copied state
 * reproduces the view: `sff://precomputed://h/v#restore=off&models=https://h/models/`.
 * - `restore=on|off` (default on): serve restored pixels on flagged sections, or raw ones.
 * - `models=<URL>` (default `models/` beside the viewer): folder of interp/unfold/fusion.onnx.
 * - `mask=on|off` (default off): brighten the detected fold band in the served pixels.
 * - `folded=3,7` / `clean=5`: manual overrides of the detector's decision, per section (z).
 * - `folds=<URL>`: the `folds.json` of a fold catalogue (`sff detect --precomputed`): each section's
 *   flag and fold geometry are taken from it and nothing is detected.
 * Unknown keys, or a section in both override lists → InvalidUrl. A known key with a bad value
 * (`mask=maybe`) is no reason to blank the layer: it lands in `problems` and the layer serves raw.
 */
import { SffError } from '../../core/errors.js';

export const SFF_SCHEME = 'sff';
const SFF_PREFIX = `${SFF_SCHEME}://`;
// Same shape Neuroglancer accepts for a data source or kvstore scheme (`precomputed://`, `gs://`).
const INNER_SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/\S/;

function invalid(url: string, why: string): SffError {
  return new SffError('InvalidUrl', `Invalid sff:// URL ${JSON.stringify(url)}: ${why}`);
}

export interface SffOptions {
  restore: boolean;
  /** Folder of the ONNX models, as written (resolved against the viewer's location). */
  models?: string;
  /** Show the fold mask as a bright overlay on flagged sections. */
  mask?: boolean;
  /** Sections to treat as folded / clean whatever the detector says (ascending, disjoint). */
  folded?: number[];
  clean?: number[];
  /** A fold catalogue's folds.json, as written (resolved against the viewer's location): used instead of detecting. */
  folds?: string;
  /**
   * Known options with bad values, in words (`mask=maybe: expected on or off`); the layer then
   * serves raw pixels and says why. Never written back into a URL.
   */
  problems?: string[];
}

export const DEFAULT_OPTIONS: SffOptions = { restore: true };

const EXPECTED_OPTIONS = 'restore=on|off, mask=on|off, folded=<z,…>, clean=<z,…>, models=<URL> or folds=<URL>';
const SECTION_LIST = /^\d+(,\d+)*$/;
const EXPECTED_VALUE: Record<string, string> = {
  restore: 'on or off',
  mask: 'on or off',
  folded: 'section numbers, e.g. 3,7',
  clean: 'section numbers, e.g. 3,7',
  models: 'a URL',
  folds: 'the URL of a fold catalogue (folds.json)',
};
const KNOWN_KEYS = new Set(Object.keys(EXPECTED_VALUE));

/** Ascending, without repeats: one spelling per set of sections, so equal states give equal URLs. */
function sectionList(value: string): number[] {
  return [...new Set(value.split(',').map(Number))].sort((a, b) => a - b);
}

/** Splits the part after `sff://` into the validated inner URL and the options after `#`. */
export function parseSffSource(providerUrl: string): { innerUrl: string; options: SffOptions } {
  const hash = providerUrl.indexOf('#');
  const innerUrl = parseSffProviderUrl(hash < 0 ? providerUrl : providerUrl.slice(0, hash));
  const options: SffOptions = { ...DEFAULT_OPTIONS };
  if (hash < 0) return { innerUrl, options };
  for (const pair of providerUrl
    .slice(hash + 1)
    .split('&')
    .filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    const [key, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const onOff = value === 'on' || value === 'off';
    if (key === 'restore' && onOff) options.restore = value === 'on';
    else if (key === 'mask' && onOff) options.mask = value === 'on';
    else if ((key === 'folded' || key === 'clean') && SECTION_LIST.test(value)) options[key] = sectionList(value);
    else if ((key === 'models' || key === 'folds') && value !== '') options[key] = value;
    else if (KNOWN_KEYS.has(key)) (options.problems ??= []).push(`${pair}: expected ${EXPECTED_VALUE[key]}`);
    else
      throw invalid(SFF_PREFIX + providerUrl, `unknown option ${JSON.stringify(pair)}; expected ${EXPECTED_OPTIONS}`);
  }
  const both = (options.folded ?? []).filter((z) => options.clean?.includes(z));
  if (both.length > 0) throw invalid(SFF_PREFIX + providerUrl, `section ${both[0]} is marked both folded and clean`);
  return { innerUrl, options };
}

/** The `#…` suffix for non-default options ('' when all are default). */
export function formatSffOptions(options: SffOptions): string {
  const parts: string[] = [];
  if (!options.restore) parts.push('restore=off');
  if (options.mask === true) parts.push('mask=on');
  if (options.folded?.length) parts.push(`folded=${options.folded.join(',')}`);
  if (options.clean?.length) parts.push(`clean=${options.clean.join(',')}`);
  if (options.models !== undefined) parts.push(`models=${options.models}`);
  if (options.folds !== undefined) parts.push(`folds=${options.folds}`);
  return parts.length > 0 ? `#${parts.join('&')}` : '';
}

/** Validates the inner URL part (no options) and returns it trimmed. */
export function parseSffProviderUrl(providerUrl: string): string {
  const inner = providerUrl.trim();
  const shown = SFF_PREFIX + providerUrl;
  if (inner === '') {
    throw invalid(
      shown,
      'the inner data source URL is empty; expected sff://<source URL>, e.g. sff://precomputed://https://host/volume',
    );
  }
  if (inner.includes('|')) {
    throw invalid(
      shown,
      '"|" pipeline URLs cannot be wrapped; use the scheme-first form, e.g. sff://zarr2://https://host/volume',
    );
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
export function makeSffUrl(innerUrl: string, options: SffOptions = DEFAULT_OPTIONS): string {
  return SFF_PREFIX + parseSffProviderUrl(innerUrl) + formatSffOptions(options);
}

/** Marks of sections outside the volume, in words (`folded=999 ignored: outside 0–29`), or undefined. */
export function outsideMarks(options: SffOptions, depth: number): string | undefined {
  const parts: string[] = [];
  for (const key of ['folded', 'clean'] as const) {
    const outside = (options[key] ?? []).filter((z) => z >= depth);
    if (outside.length > 0) parts.push(`${key}=${outside.join(',')} ignored: outside 0–${depth - 1}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}
