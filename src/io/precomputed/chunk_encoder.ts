/**
 * Raw chunk bytes (x fastest, then y, z) → a chunk file's bytes in an image encoding, the inverse
 * of encoding.ts's decodeChunk. `png` through pngjs (8-bit grey, lossless), the image being the
 * chunk's sections stacked vertically as volume.md specifies.
 *
 * No `jpeg` writer: Neuroglancer decodes a one-channel volume's JPEG chunks only when they have one
 * colour component, and the maintained pure-JS encoder here (jpeg-js) writes three (YCbCr) only; a
 * copy Neuroglancer cannot show would defeat the point. chunk_sink.ts writes a JPEG source's
 * chunks as PNG instead (lossless, grey, read by Neuroglancer, CloudVolume and tensorstore).
 */
import { makeGray } from '../../core/image.js';
import { encodeGrayPng } from '../png.js';
import type { ChunkBox } from './chunks.js';

export type WritableEncoding = 'raw' | 'png';

export function encodeChunk(raw: Uint8Array, box: ChunkBox, encoding: WritableEncoding): Uint8Array {
  if (encoding === 'raw') return raw;
  const width = box.x1 - box.x0;
  const height = (box.y1 - box.y0) * (box.z1 - box.z0);
  return encodeGrayPng(makeGray(width, height, raw));
}
