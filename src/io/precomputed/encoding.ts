/**
 * Chunk encodings of a precomputed image volume (neuroglancer src/datasource/precomputed/volume.md)
 * decoded to the raw layout (x fastest, then y, then z; one uint8 channel): `raw`, with or without
 * gzip transfer compression, and `jpeg` / `png`, whose image is the chunk's sections stacked
 * vertically (width = chunk x, height = chunk y × chunk z).
 */
import { gunzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import type { GrayImage } from '../../core/image.js';
import { decodeGrayPng } from '../png.js';
import type { ChunkBox } from './chunks.js';
import { PrecomputedFormatError } from './errors.js';

/** The image encodings we decode; compressed_segmentation and the rest are refused by info.ts. */
export const IMAGE_ENCODINGS = ['raw', 'jpeg', 'png'] as const;
export type ImageEncoding = (typeof IMAGE_ENCODINGS)[number];

export function isImageEncoding(value: unknown): value is ImageEncoding {
  return (IMAGE_ENCODINGS as readonly unknown[]).includes(value);
}

/** Gzip member magic (RFC 1952): 1f 8b, deflate. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8;
}

export function gunzip(bytes: Uint8Array, where: string): Uint8Array {
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch (err) {
    throw new PrecomputedFormatError(`${where}: not valid gzip (${(err as Error).message})`);
  }
}

/** ITU-R 601 luma, as libjpeg converts colour to grey; only for colour images of a 1-channel volume. */
function toGray(data: Uint8Array, channels: number, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0, o = 0; i < pixels; i++, o += channels) {
    out[i] = Math.round(0.299 * data[o] + 0.587 * data[o + 1] + 0.114 * data[o + 2]);
  }
  return out;
}

function checkImageSize(width: number, height: number, box: ChunkBox, what: string, where: string): void {
  const w = box.x1 - box.x0;
  const h = (box.y1 - box.y0) * (box.z1 - box.z0);
  if (width !== w || height !== h) {
    throw new PrecomputedFormatError(`${where}: ${what} image is ${width}×${height}, expected ${w}×${h}`);
  }
}

function decodeJpeg(bytes: Uint8Array, box: ChunkBox, where: string): Uint8Array {
  let image: { width: number; height: number; data: Uint8Array };
  try {
    image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  } catch (err) {
    throw new PrecomputedFormatError(`${where}: not a readable JPEG (${(err as Error).message})`);
  }
  checkImageSize(image.width, image.height, box, 'JPEG', where);
  const pixels = image.width * image.height;
  const channels = image.data.length / pixels;
  if (channels === 1) return image.data;
  if (channels === 3) return toGray(image.data, 3, pixels);
  throw new PrecomputedFormatError(`${where}: JPEG with ${channels} components is not supported`);
}

function decodePng(bytes: Uint8Array, box: ChunkBox, where: string): Uint8Array {
  let image: GrayImage;
  try {
    image = decodeGrayPng(bytes, where);
  } catch (err) {
    throw new PrecomputedFormatError((err as Error).message);
  }
  checkImageSize(image.width, image.height, box, 'PNG', where);
  return image.data;
}

/**
 * A chunk's stored bytes (after any transfer decompression the store did) → raw layout bytes of
 * `box`. A raw chunk whose size is wrong but which is gzip is inflated first: a `.gz` chunk file,
 * or a server that sends precompressed chunks without `Content-Encoding`.
 */
export function decodeChunk(bytes: Uint8Array, encoding: ImageEncoding, box: ChunkBox, where: string): Uint8Array {
  const expected = (box.x1 - box.x0) * (box.y1 - box.y0) * (box.z1 - box.z0);
  let decoded: Uint8Array;
  switch (encoding) {
    case 'raw':
      decoded = bytes.length !== expected && isGzip(bytes) ? gunzip(bytes, where) : bytes;
      break;
    case 'jpeg':
      decoded = decodeJpeg(bytes, box, where);
      break;
    case 'png':
      decoded = decodePng(isGzip(bytes) ? gunzip(bytes, where) : bytes, box, where);
      break;
  }
  if (decoded.length !== expected) {
    throw new PrecomputedFormatError(`${where}: ${decoded.length} bytes, expected ${expected}`);
  }
  return decoded;
}
