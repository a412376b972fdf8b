/**
 * In the viewer page: moves the view and times, frame by frame, until the base-scale chunks under
 * a square region are drawn (on the GPU) in the raw layer and in the sff:// layer, and until the
 * sff:// layer's pixels on the fold's centre line are no longer the black band, i.e. restored.
 * Reads Neuroglancer's chunk sources on the main thread, as viewer.bench.ts does.
 */
import type { Page } from 'playwright-core';

export interface PanTarget {
  /** Section width of the base scale: tells its chunk sources from the coarser scales'. */
  baseWidth: number;
  /** Where the view moves: voxel x, y and section z. */
  x: number;
  y: number;
  z: number;
  /** Half the side of the square region whose chunks must be drawn. */
  half: number;
  /** Base voxels on the fold's centre line inside the region (black band in the raw data); none: only wait for the chunks. */
  band: readonly [number, number][];
  timeoutMs: number;
}

export interface PanTimes {
  /** Milliseconds from the move until every raw chunk of the region was drawn; null: not in time. */
  raw: number | null;
  /** …until every sff:// chunk of the region was drawn (raw or restored pixels). */
  sff: number | null;
  /** …until the sff:// pixels on the centre line were restored (mean grey ≥ 40, band is 0): the preview or the nets. */
  restored: number | null;
  /** …until the layer reported the section's first block restored by the nets. */
  nets: number | null;
}

/** The grey level the centre-line pixels must reach on average to count as restored. */
const RESTORED_MEAN = 40;

/**
 * A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
 * `move` false: only waits (the view is already there).
 */
export function panAndTime(page: Page, target: PanTarget, move = true): Promise<PanTimes> {
  return page.evaluate(`new Promise((resolve) => {
    const t = ${JSON.stringify(target)};
    const viewer = window.viewer;
    const base = (type) => [...viewer.chunkManager.memoize.map.values()].filter(
      (s) => s.RPC_TYPE_ID === type && s.chunks !== undefined && s.spec?.upperVoxelBound?.[0] === t.baseWidth);
    // Drawn chunks of one source type by grid position.
    const drawn = (type) => {
      const out = new Map();
      for (const source of base(type)) {
        for (const chunk of source.chunks.values()) {
          if (chunk.state !== 0) continue;
          const p = chunk.chunkGridPosition;
          out.set(p.join(), { chunk, size: source.spec.chunkDataSize });
        }
      }
      return out;
    };
    const cells = (type) => {
      const source = base(type)[0];
      if (source === undefined) return undefined;
      const [cw, ch, cd] = source.spec.chunkDataSize;
      const keys = [];
      for (let gy = Math.floor((t.y - t.half) / ch); gy <= Math.floor((t.y + t.half - 1) / ch); gy++)
        for (let gx = Math.floor((t.x - t.half) / cw); gx <= Math.floor((t.x + t.half - 1) / cw); gx++)
          keys.push([gx, gy, Math.floor(t.z / cd)].join());
      return keys;
    };
    const allDrawn = (type) => {
      const keys = cells(type);
      if (keys === undefined) return false;
      const have = drawn(type);
      return keys.every((k) => have.has(k));
    };
    const restored = () => {
      const have = drawn('sff/VolumeChunkSource');
      let sum = 0;
      for (const [x, y] of t.band) {
        let value;
        for (const { chunk, size } of have.values()) {
          const p = chunk.chunkGridPosition;
          const ox = p[0] * size[0], oy = p[1] * size[1], oz = p[2] * size[2];
          const [w, h] = chunk.chunkDataSize ?? size;
          if (x < ox || x >= ox + w || y < oy || y >= oy + h || t.z < oz || t.z >= oz + size[2] || !chunk.data) continue;
          value = chunk.data[((t.z - oz) * h + (y - oy)) * w + (x - ox)];
        }
        if (value === undefined) return false;
        sum += value;
      }
      return t.band.length > 0 && sum / t.band.length >= ${RESTORED_MEAN};
    };
    // The layer's report of section z: 'done' once a block of it came back from the nets.
    const netsDone = () => [...viewer.chunkManager.memoize.map.values()].some(
      (s) => s.foldReport?.restorations?.get(t.z)?.state === 'done');
    const times = { raw: null, sff: null, restored: null, nets: null };
    const start = performance.now();
    if (${move}) viewer.position.value = Float32Array.of(t.x, t.y, t.z + 0.5);
    const check = () => {
      const now = performance.now() - start;
      if (times.raw === null && allDrawn('precomputed/VolumeChunkSource')) times.raw = now;
      if (times.sff === null && allDrawn('sff/VolumeChunkSource')) times.sff = now;
      if (times.restored === null && restored()) times.restored = now;
      if (times.nets === null && t.band.length > 0 && netsDone()) times.nets = now;
      const done =
        times.raw !== null && times.sff !== null && (t.band.length === 0 || (times.restored !== null && times.nets !== null));
      if (done || now > t.timeoutMs) resolve(times);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}
