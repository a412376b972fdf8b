/** Browser-side PNG loading for pages outside Neuroglancer: a URL → GrayImage (red channel). */
import type { GrayImage } from '../core/image.js';
import { httpGetOk } from '../io/http.js';

export async function fetchGray(url: string, signal?: AbortSignal): Promise<GrayImage> {
  const { bytes } = await httpGetOk(url, { signal });
  const bitmap = await createImageBitmap(new Blob([bytes]), {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('no 2d canvas context');
  context.drawImage(bitmap, 0, 0);
  const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const data = new Uint8Array(bitmap.width * bitmap.height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[4 * i];
  return { width: bitmap.width, height: bitmap.height, data };
}
