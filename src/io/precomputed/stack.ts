/**
 * A stack of grey sections, read one section at a time so converting a large stack never holds
 * the whole volume in memory. Section z is `section(z)`, all of size width × height.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isSffError } from '../../core/errors.js';
import type { GrayImage } from '../../core/image.js';
import { PngReadError, readGrayPng } from '../png.js';
import { StackError } from './errors.js';

export interface SectionStack {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  section(z: number): GrayImage;
}

/** In-memory sections (the demo's degraded stack, tests); all must share one size. */
export function stackOfImages(images: readonly GrayImage[]): SectionStack {
  if (images.length === 0) throw new StackError('a volume needs at least one section');
  const { width, height } = images[0];
  images.forEach((image, z) => checkSize(`section ${z}`, image.width, image.height, width, height));
  return { width, height, depth: images.length, section: (z) => images[z] };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk: checks every section's size before any pixel is decoded. */
function pngSize(path: string): { width: number; height: number } {
  const header = Buffer.alloc(24);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, header, 0, 24, 0);
    if (n < 24 || PNG_SIGNATURE.some((b, i) => header[i] !== b) || header.toString('latin1', 12, 16) !== 'IHDR') {
      throw new PngReadError(`${path}: not a PNG file`);
    }
  } catch (err) {
    if (isSffError(err, 'PngReadError')) throw err;
    throw new PngReadError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

function checkSize(name: string, w: number, h: number, width: number, height: number): void {
  if (w !== width || h !== height) {
    throw new StackError(`${name} is ${w}×${h}, expected ${width}×${height} like the first section`);
  }
}

/** A stack read from PNG files; `files[z]` is section z's path (for tools that keep file names). */
export interface PngSectionStack extends SectionStack {
  readonly files: readonly string[];
}

/** The `*.png` files of a directory in natural order (2.png before 10.png) as a lazy stack. */
export function openPngStack(dir: string): PngSectionStack {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new StackError(`${dir} is not a directory`);
    names = readdirSync(dir).filter((name) => name.toLowerCase().endsWith('.png'));
  } catch (err) {
    if (isSffError(err, 'StackError')) throw err;
    throw new StackError(`cannot read stack directory ${dir} (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  if (names.length === 0) throw new StackError(`no PNG sections in ${dir}`);
  names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const paths = names.map((name) => join(dir, name));
  const { width, height } = pngSize(paths[0]);
  for (const path of paths) {
    const size = pngSize(path);
    checkSize(path, size.width, size.height, width, height);
  }
  return {
    width,
    height,
    depth: paths.length,
    files: paths,
    section: (z) => readGrayPng(paths[z]),
  };
}
