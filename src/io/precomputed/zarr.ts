/**
 * A minimal OME-Zarr 0.4 (zarr v2) writer for a grey section stack: one scale, uncompressed chunks.
 * Exists so the demo can show that `sff://` wraps any Neuroglancer image source, not only
 * precomputed; it lives beside the precomputed writer because it shares the stack and atomic-write
 * plumbing.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDirAtomically } from './atomic_dir.js';
import { PrecomputedFormatError } from './errors.js';
import type { Vec3 } from './info.js';
import type { SectionStack } from './stack.js';
import { FileWriteQueue } from './write_queue.js';

export interface WriteZarrOptions {
  /** Voxel size in nanometres, (x, y, z) like the precomputed writer. */
  resolution: Vec3;
  /** Chunk size in voxels, (x, y, z). */
  chunkSize: Vec3;
  name?: string;
  signal?: AbortSignal;
}

const isZarrDir = (dir: string): boolean => existsSync(join(dir, '.zgroup')) || existsSync(join(dir, '.zarray'));

const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

/** Writes `<outDir>` as a zarr group whose array `0` has shape (z, y, x), dtype uint8. */
export async function writeOmeZarr(outDir: string, stack: SectionStack, options: WriteZarrOptions): Promise<void> {
  const [rx, ry, rz] = options.resolution;
  const [cx, cy, cz] = options.chunkSize;
  if (![cx, cy, cz].every((c) => Number.isInteger(c) && c > 0)) {
    throw new PrecomputedFormatError(
      `zarr chunk size must be three positive integers, got ${JSON.stringify(options.chunkSize)}`,
    );
  }
  const { width, height, depth } = stack;
  const axes = ['z', 'y', 'x'].map((name) => ({ name, type: 'space', unit: 'nanometer' }));
  const zattrs = {
    multiscales: [
      {
        version: '0.4',
        name: options.name ?? 'volume',
        axes,
        datasets: [
          {
            path: '0',
            coordinateTransformations: [
              { type: 'scale', scale: [rz, ry, rx] },
              // OME-NGFF centres voxel i at i·scale, precomputed at (i + ½)·scale: shifting by half
              // a voxel makes both copies coincide, so one viewer position is one section in both.
              { type: 'translation', translation: [rz / 2, ry / 2, rx / 2] },
            ],
          },
        ],
      },
    ],
  };
  const zarray = {
    zarr_format: 2,
    shape: [depth, height, width],
    chunks: [cz, cy, cx],
    dtype: '|u1',
    compressor: null,
    fill_value: 0,
    order: 'C',
    filters: null,
    dimension_separator: '/',
  };
  await writeDirAtomically(outDir, { isOurs: isZarrDir, what: 'a zarr group' }, async (tmp) => {
    writeFileSync(join(tmp, '.zgroup'), json({ zarr_format: 2 }));
    writeFileSync(join(tmp, '.zattrs'), json(zattrs));
    mkdirSync(join(tmp, '0'));
    writeFileSync(join(tmp, '0', '.zarray'), json(zarray));
    const files = new FileWriteQueue();
    try {
      for (let z0 = 0, iz = 0; z0 < depth; z0 += cz, iz++) {
        const sections = [];
        for (let z = z0; z < Math.min(z0 + cz, depth); z++) sections.push(stack.section(z));
        for (let y0 = 0, iy = 0; y0 < height; y0 += cy, iy++) {
          mkdirSync(join(tmp, '0', String(iz), String(iy)), { recursive: true });
          for (let x0 = 0, ix = 0; x0 < width; x0 += cx, ix++) {
            // Zarr v2 chunks are always full size; the part outside the array holds fill_value 0.
            const bytes = new Uint8Array(cx * cy * cz);
            sections.forEach((section, dz) => {
              for (let y = y0; y < Math.min(y0 + cy, height); y++) {
                const row = section.data.subarray(y * width + x0, y * width + Math.min(x0 + cx, width));
                bytes.set(row, (dz * cy + (y - y0)) * cx);
              }
            });
            await files.write(join(tmp, '0', String(iz), String(iy), String(ix)), bytes);
          }
        }
        await files.flush();
        options.signal?.throwIfAborted();
      }
    } finally {
      await files.settle();
    }
  });
}
