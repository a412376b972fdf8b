/**
 * The command-line value parsers every `sff` command shares. A value we cannot use throws one
 * `SffError('OptionError', …)` whose message names the option; main.ts prints it as one line.
 */
import { SffError } from '../core/errors.js';
import { zarrLocation } from '../io/open_volume.js';

export type Vec3 = [number, number, number];

export function optionError(message: string): SffError<'OptionError'> {
  return new SffError('OptionError', message);
}

/** A finite number, or undefined when the option was not given. */
export function parseNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw optionError(`${name} must be a number, got "${text}"`);
  return v;
}

/** An integer in [min, max]. */
export function parseInteger(name: string, text: string | undefined, min: number, max = Infinity): number {
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    const range = max === Infinity ? `≥ ${min}` : `in ${min}..${max}`;
    throw optionError(`${name} must be an integer ${range}, got "${text ?? ''}"`);
  }
  return n;
}

/** A seed: a non-negative integer. */
export function parseSeed(text: string | undefined): number {
  const seed = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(seed) || seed < 0)
    throw optionError(`--seed must be a non-negative integer, got "${text ?? ''}"`);
  return seed;
}

/** A duration in seconds (> 0), returned in milliseconds. */
export function parseSeconds(name: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0)
    throw optionError(`${name} must be a number of seconds > 0, got "${text}"`);
  return v * 1000;
}

/** Section numbers (0-based z): a list `3,7,9`, a range `15-18`, or a mix `3,5-7`. */
export function parseSections(name: string, text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (match === null) throw optionError(`${name} must list sections like 3,7,9 or 15-18 (or both), got "${text}"`);
    const lo = Number(match[1]);
    const hi = Number(match[2] ?? match[1]);
    if (hi < lo) throw optionError(`${name} range ${part.trim()} is empty`);
    for (let z = lo; z <= hi; z++) out.add(z);
  }
  return out;
}

/** Three positive numbers (integers if asked) like 64,64,16. */
export function parseVec3(name: string, text: string, integer: boolean): Vec3 {
  const parts = text.split(',').map((p) => (p.trim() === '' ? NaN : Number(p.trim())));
  const ok = parts.length === 3 && parts.every((x) => Number.isFinite(x) && x > 0 && (!integer || Number.isInteger(x)));
  if (!ok)
    throw optionError(
      `${name} must be three positive ${integer ? 'integers' : 'numbers'} like 64,64,16, got "${text}"`,
    );
  return parts as Vec3;
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text))
    throw optionError(`${name} must be ${choices.join(' or ')}, got "${text}"`);
  return text as T;
}

/** The volume of `--precomputed <loc>` or `--zarr <loc>` (at most one), as openVolume reads it. */
export function volumeOption(raw: { precomputed?: string; zarr?: string }): string {
  if (raw.precomputed !== undefined && raw.zarr !== undefined)
    throw optionError('give --precomputed or --zarr, not both');
  return raw.zarr !== undefined ? zarrLocation(raw.zarr) : raw.precomputed!;
}
