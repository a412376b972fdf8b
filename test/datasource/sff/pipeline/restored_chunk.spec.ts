import type { GridRect } from '../../../../src/core/geometry/fold_field.js';
import type { SectionGeometry } from '../../../../src/core/geometry/fold_geometry.js';
import { makeGray } from '../../../../src/core/image.js';
import type { BlockResult } from '../../../../src/datasource/sff/pipeline/block_restorer.js';
import { bandOverlaid, restoredChunk } from '../../../../src/datasource/sff/pipeline/restored_chunk.js';

/** A restored block over `rect` whose pixel at grid (x, y) is 10·y + x. */
function block(rect: GridRect): BlockResult {
  const data = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++)
    for (let x = 0; x < rect.width; x++) data[y * rect.width + x] = 10 * (rect.y + y) + rect.x + x;
  return { rect, image: makeGray(rect.width, rect.height, data) };
}

describe('restoredChunk', () => {
  it('cuts the chunk window out of a block at the chunk scale', () => {
    const grid = { chunkDataSize: Uint32Array.of(4, 2, 1), upperVoxelBound: Float32Array.of(8, 4, 1) };
    const out = restoredChunk(
      new Uint8Array(8),
      { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(1, 1, 0), grid },
      [block({ x: 0, y: 0, width: 8, height: 4 })],
    );
    expect([...out]).toEqual([24, 25, 26, 27, 34, 35, 36, 37]);
  });

  it('places the chunk by the block origin when the block does not start at 0', () => {
    const grid = { chunkDataSize: Uint32Array.of(2, 2, 1), upperVoxelBound: Float32Array.of(8, 6, 1) };
    const out = restoredChunk(
      new Uint8Array(4),
      { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(3, 2, 0), grid },
      [block({ x: 4, y: 2, width: 4, height: 4 })],
    );
    expect([...out]).toEqual([46, 47, 56, 57]);
  });

  it('clips partial edge chunks', () => {
    // Chunks 3×2 on a 4×2 grid: the chunk at grid x 1 covers x 3 only.
    const grid = { chunkDataSize: Uint32Array.of(3, 2, 1), upperVoxelBound: Float32Array.of(4, 2, 1) };
    const out = restoredChunk(
      Uint8Array.of(0, 0),
      { chunkDataSize: Uint32Array.of(1, 2, 1), chunkGridPosition: Float32Array.of(1, 0, 0), grid },
      [block({ x: 0, y: 0, width: 4, height: 2 })],
    );
    expect([...out]).toEqual([3, 13]);
  });

  it('keeps the raw layers without a block or with a failed one, and never edits the raw chunk', () => {
    const grid = { chunkDataSize: Uint32Array.of(2, 1, 3), upperVoxelBound: Float32Array.of(8, 4, 3) };
    const raw = Uint8Array.of(1, 2, 3, 4, 5, 6);
    const failed: BlockResult = { rect: { x: 0, y: 0, width: 8, height: 4 }, image: null, failure: 'model missing' };
    const out = restoredChunk(
      raw,
      { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(0, 0, 0), grid },
      [null, failed, block({ x: 0, y: 0, width: 8, height: 4 })],
    );
    expect([...out]).toEqual([1, 2, 3, 4, 0, 1]);
    expect([...raw]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

/** One fold along `line` (frame pixels) with half-width L everywhere, no pull. */
function geometryOf(frame: [number, number], line: [number, number][], L: number): SectionGeometry {
  const pull = { a: 0, s: 0.5 };
  return {
    frame,
    flagged: true,
    score: 1,
    folds: [{ line, halfWidths: line.map(() => L), pull: [pull, pull], score: 1 }],
  };
}

describe('bandOverlaid', () => {
  it('brightens band pixels halfway to white and leaves the rest and the input alone', () => {
    const grid = { chunkDataSize: Uint32Array.of(2, 2, 1), upperVoxelBound: Float32Array.of(2, 2, 1) };
    // A vertical fold along x = 1, half-width 0.5: the right column only.
    const geometry = geometryOf(
      [2, 2],
      [
        [1, -5],
        [1, 5],
      ],
      0.5,
    );
    const data = Uint8Array.of(100, 100, 0, 255);
    const place = { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(0, 0, 0), grid };
    expect([...bandOverlaid(data, place, [geometry])]).toEqual([100, 177, 0, 255]);
    expect([...data]).toEqual([100, 100, 0, 255]);
  });

  it("draws the band at the chunk's own scale, sharper than the detection grid it was found on", () => {
    // Geometry on a 16² detection grid, drawn on the 4× finer 64² base grid: the band edge falls
    // between detection pixels (a mask sampled from the detection grid could only move in steps of 4).
    const geometry = geometryOf(
      [16, 16],
      [
        [-1, 8.3],
        [17, 8.3],
      ],
      1.2,
    );
    const grid = { chunkDataSize: Uint32Array.of(8, 64, 1), upperVoxelBound: Float32Array.of(64, 64, 1) };
    const place = { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(3, 0, 0), grid };
    const out = bandOverlaid(new Uint8Array(8 * 64), place, [geometry]);
    // Centre (8.3 + 0.5)·4 − 0.5 = 34.7, half-width 4.8: rows 30–39 (|y − 34.7| < 4.8).
    const rows = [...Array(64).keys()].filter((y) => out[y * 8] > 0);
    expect(rows).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    expect(out.every((v, i) => v === out[Math.floor(i / 8) * 8])).toBe(true);
  });

  it('follows a curved fold: the band is every pixel within the half-width of the curve', () => {
    // A quarter circle of radius 40 around (0, 0) on a 32² frame, drawn on a 128² grid (k = 4).
    const arc: [number, number][] = [];
    for (let i = 0; i <= 16; i++) arc.push([10 * Math.cos((i * Math.PI) / 32), 10 * Math.sin((i * Math.PI) / 32)]);
    const geometry = geometryOf([32, 32], arc, 1.5);
    const grid = { chunkDataSize: Uint32Array.of(64, 64, 1), upperVoxelBound: Float32Array.of(128, 128, 1) };
    const place = { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(0, 0, 0), grid };
    const out = bandOverlaid(new Uint8Array(64 * 64), place, [geometry]);
    // Independent check: on the 128² grid the circle has centre (1.5, 1.5) and radius 40 (the
    // polyline's chords sag 0.05 px at most), the band half-width is 6.
    let checked = 0;
    for (let y = 2; y < 64; y++) {
      for (let x = 2; x < 64; x++) {
        const d = Math.abs(Math.hypot(x - 1.5, y - 1.5) - 40);
        if (Math.abs(d - 6) < 0.1) continue; // too close to the band's edge to call
        expect([x, y, out[y * 64 + x] > 0]).toEqual([x, y, d < 6]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3000);
    expect(out.filter((v) => v > 0).length).toBeGreaterThan(300);
  });

  it('skips layers without a band and clean geometries', () => {
    const grid = { chunkDataSize: Uint32Array.of(1, 1, 2), upperVoxelBound: Float32Array.of(1, 1, 2) };
    const place = { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(0, 0, 0), grid };
    const clean: SectionGeometry = { frame: [1, 1], flagged: false, score: 0, folds: [] };
    expect([...bandOverlaid(Uint8Array.of(7, 9), place, [null, clean])]).toEqual([7, 9]);
  });
});
