/**
 * One entry point for every volume the CLI reads: a precomputed volume, or a zarr array / OME-Zarr
 * group when the location carries Neuroglancer's `zarr://`, `zarr2://` or `zarr3://` prefix (the
 * CLI's `--zarr <location>` adds `zarr://`). The format is named, not guessed: guessing would cost
 * an extra request per source and hide a mistyped path behind the wrong format's error.
 */
import { type OpenVolume, openPrecomputedVolume } from './precomputed/volume.js';
import { openZarrVolume, ZARR_PREFIX } from './zarr/volume.js';

export async function openVolume(location: string, signal?: AbortSignal): Promise<OpenVolume> {
  const trimmed = location.trim();
  const zarr = ZARR_PREFIX.exec(trimmed);
  if (zarr === null) return openPrecomputedVolume(location, signal);
  const version = zarr[1] === undefined ? undefined : zarr[1] === '2' ? 'v2' : 'v3';
  return openZarrVolume(trimmed.slice(zarr[0].length), version, signal);
}

/** The location `--zarr <location>` stands for. */
export function zarrLocation(location: string): string {
  return ZARR_PREFIX.test(location.trim()) ? location.trim() : `zarr://${location.trim()}`;
}
