/** PNG ⇄ GrayImage for Node (CLI, tests, benchmarks). Colour PNGs are reduced to their luminance. */
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { SffError, type SffErrorOptions } from '../core/errors.js';
import { type GrayImage, makeGray } from '../core/image.js';

export class PngReadError extends SffError<'PngReadError'> {
  constructor(message: string, options?: SffErrorOptions) {
    super('PngReadError', message, options);
  }
}

export function decodeGrayPng(bytes: Uint8Array, name = 'PNG'): GrayImage {
  let png: PNG;
  try {
    // Keep 16-bit data as is would need another image type: 8-bit is the product's contract.
    png = PNG.sync.read(Buffer.from(bytes), { skipRescale: false });
  } catch (err) {
    throw new PngReadError(`${name}: not a readable PNG (${(err as Error).message})`);
  }
  const { width, height, data } = png; // always RGBA, 8 bit after pngjs conversion
  const out = makeGray(width, height);
  for (let i = 0, j = 0; i < out.data.length; i++, j += 4) {
    const r = data[j],
      g = data[j + 1],
      b = data[j + 2];
    out.data[i] = r === g && g === b ? r : Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return out;
}

/** The bit depth of a PNG file's samples, from its IHDR chunk (0 when it is not a PNG). */
export function pngBitDepth(path: string): number {
  const header = Buffer.alloc(25);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 25, 0);
  } finally {
    closeSync(fd);
  }
  // 8-byte signature, 4-byte length, "IHDR", width, height, then the bit depth byte.
  return header.toString('latin1', 12, 16) === 'IHDR' ? header[24] : 0;
}

export function readGrayPng(path: string): GrayImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new PngReadError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return decodeGrayPng(bytes, path);
}

export function encodeGrayPng(image: GrayImage): Buffer {
  const png = new PNG({
    width: image.width,
    height: image.height,
    colorType: 0,
    inputColorType: 0,
    bitDepth: 8,
    inputHasAlpha: false,
  });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}

export function writeGrayPng(path: string, image: GrayImage): void {
  writeFileSync(path, encodeGrayPng(image));
}
