/**
 * The 8192²-class volume of the browser test for large volumes (issue 11) and what the test reads
 * from the viewer: PSNR of the raw and restored panels against a truth panel at the same view, and
 * the sff:// chunks of clean tissue compared byte for byte with the raw ones.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { type BigVolumeResult, makeBigVolume } from '../../bench/big_volume/make_volume.js';
import { psnr, type Region } from '../../src/core/metrics/index.js';
import type { FoldParams } from '../../src/core/simulation/index.js';
import { openPngStack } from '../../src/io/precomputed/index.js';
import { type Gray, root, stablePanelImages } from './harness.js';

export const CI_SIZE = 8192;
/** Served by the demo server at /data/<name>/degraded and /data/<name>/truth. */
export const CI_VOLUME = 'big8192ci';
export const CI_FOLD_SECTION = 1;
/**
 * A straight black band across the whole section, pull 40 px decaying at s = 0.1 (reach 412 px),
 * so most of the section's chunks are clean.
 */
export const CI_FOLD: FoldParams = {
  x0: 0,
  y0: 3000.5,
  x1: CI_SIZE - 1,
  y1: 5200.25,
  L: 12,
  F: 52,
  s: 0.1,
  bandGain: 0,
};

/**
 * Builds (or reuses: the generator resumes and skips what exists) demo/data/big8192ci: 8192² × 3
 * sections, the fold on section 1 with clean neighbours, 512² gzip chunks (~15 s on one core).
 */
export function ciBigVolume(): Promise<BigVolumeResult> {
  return makeBigVolume({
    out: path.join(root, 'demo', 'data', CI_VOLUME),
    size: CI_SIZE,
    sections: 3,
    stack: openPngStack(path.join(root, 'data', 'gerhard2013', 'raw')),
    foldSections: [CI_FOLD_SECTION],
    foldParams: new Map([[CI_FOLD_SECTION, CI_FOLD]]),
    firstStackSection: 14,
  });
}

export interface ScreenPsnr {
  raw: number;
  restored: number;
  /** The screenshots scored (raw, sff://, truth): a blank panel can beat a black band, so check texture too. */
  panels: Gray[];
}

/**
 * PSNR (dB) of the raw and the restored panel against the truth panel, from screenshots once they
 * are stable; the page shows three xy panels left to right: raw, sff://, truth (same view, same
 * shader). `region` is a rectangle of panel pixels (default: the whole panel).
 */
export async function psnrOnScreen(page: Page, region?: Region): Promise<ScreenPsnr> {
  const panels = await stablePanelImages(page);
  if (panels.length !== 3) throw new Error(`expected 3 panels (raw, sff://, truth), got ${panels.length}`);
  const [raw, restored, truth] = panels;
  return { raw: psnr(raw, truth, 255, region), restored: psnr(restored, truth, 255, region), panels };
}

export interface ChunkComparison {
  /** Base-scale chunks of the section that both layers hold. */
  compared: number;
  /** "x,y" grid positions whose sff:// bytes differ from the raw bytes. */
  differing: string[];
}

/**
 * Compares, in the page, every base-scale chunk of section z that the sff:// layer and the raw
 * layer both hold, byte for byte (chunks whose box lies in `clean`, base voxels, only).
 */
export function compareCleanChunks(
  page: Page,
  baseWidth: number,
  z: number,
  clean: (x0: number, y0: number, x1: number, y1: number) => boolean,
): Promise<ChunkComparison> {
  return page
    .evaluate(
      ({ size, section }) => {
        const out: Record<string, Record<string, { box: number[]; data: Uint8Array }>> = {};
        for (const source of (window as any).viewer.chunkManager.memoize.map.values()) {
          const spec = source.spec;
          if (source.chunks === undefined || spec?.upperVoxelBound?.[0] !== size) continue;
          const list = (out[source.RPC_TYPE_ID] ??= {});
          for (const chunk of source.chunks.values()) {
            const p = chunk.chunkGridPosition;
            if (p[2] !== section || !chunk.data) continue;
            const [w, h] = chunk.chunkDataSize ?? spec.chunkDataSize;
            const [x0, y0] = [p[0] * spec.chunkDataSize[0], p[1] * spec.chunkDataSize[1]];
            list[`${x0},${y0}`] = { box: [x0, y0, x0 + w, y0 + h], data: chunk.data };
          }
        }
        const raw = out['precomputed/VolumeChunkSource'] ?? {};
        const sff = out['sff/VolumeChunkSource'] ?? {};
        // Boxes and byte equality go back, not the bytes: 512² chunks are large to serialise.
        return Object.entries(sff)
          .filter(([key]) => raw[key] !== undefined)
          .map(([key, { box, data }]) => {
            const other = raw[key].data;
            let same = data.length === other.length;
            for (let i = 0; same && i < data.length; i++) same = data[i] === other[i];
            return { key, box, same };
          });
      },
      { size: baseWidth, section: z },
    )
    .then((rows) => {
      const inClean = rows.filter(({ box }) => clean(box[0], box[1], box[2], box[3]));
      return { compared: inClean.length, differing: inClean.filter((r) => !r.same).map((r) => r.key) };
    });
}
