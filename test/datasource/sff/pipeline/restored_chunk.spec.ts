import { makeGray } from '../../../../src/core/image.js';
import { maskOverlaid, restoredChunk } from '../../../../src/datasource/sff/pipeline/restored_chunk.js';

/** An 8×4 restored section whose pixel (x, y) is 10·y + x. */
const restored = makeGray(
  8,
  4,
  Uint8Array.from({ length: 32 }, (_, i) => 10 * Math.floor(i / 8) + (i % 8)),
);

describe('restoredChunk', () => {
  it('cuts the chunk window out of the restored section at the detection scale', () => {
    const grid = { chunkDataSize: Uint32Array.of(4, 2, 1), upperVoxelBound: Float32Array.of(8, 4, 1) };
    const out = restoredChunk(
      new Uint8Array(8),
      { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(1, 1, 0), grid },
      [restored],
    );
    expect([...out]).toEqual([24, 25, 26, 27, 34, 35, 36, 37]);
  });

  it('box-averages for a coarser scale and clips partial edge chunks', () => {
    // Coarser scale 4×2; chunk 3×2 at grid x 1 covers x 3 only (partial).
    const grid = { chunkDataSize: Uint32Array.of(3, 2, 1), upperVoxelBound: Float32Array.of(4, 2, 1) };
    const out = restoredChunk(
      Uint8Array.of(0, 0),
      { chunkDataSize: Uint32Array.of(1, 2, 1), chunkGridPosition: Float32Array.of(1, 0, 0), grid },
      [restored],
    );
    // Block x 6..7, y 0..1 → mean(6, 7, 16, 17) = 11.5 → 12; y 2..3 → mean(26, 27, 36, 37) = 31.5 → 32.
    expect([...out]).toEqual([12, 32]);
  });

  it('keeps the raw layers of sections that are not restored, and never edits the raw chunk', () => {
    const grid = { chunkDataSize: Uint32Array.of(2, 1, 2), upperVoxelBound: Float32Array.of(8, 4, 2) };
    const raw = Uint8Array.of(1, 2, 3, 4);
    const out = restoredChunk(
      raw,
      { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(0, 0, 0), grid },
      [null, restored],
    );
    expect([...out]).toEqual([1, 2, 0, 1]);
    expect([...raw]).toEqual([1, 2, 3, 4]);
  });
});

describe('maskOverlaid', () => {
  it('brightens masked pixels halfway to white and leaves the rest and the input alone', () => {
    const grid = { chunkDataSize: Uint32Array.of(2, 2, 1), upperVoxelBound: Float32Array.of(2, 2, 1) };
    const mask = makeGray(2, 2, Uint8Array.of(0, 1, 1, 0));
    const data = Uint8Array.of(100, 100, 0, 255);
    const out = maskOverlaid(
      data,
      { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(0, 0, 0), grid },
      [mask],
    );
    expect([...out]).toEqual([100, 177, 127, 255]);
    expect([...data]).toEqual([100, 100, 0, 255]);
  });

  it('skips layers without a mask and a 0×0 mask of an unchecked section', () => {
    const grid = { chunkDataSize: Uint32Array.of(1, 1, 2), upperVoxelBound: Float32Array.of(1, 1, 2) };
    const place = { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(0, 0, 0), grid };
    expect([...maskOverlaid(Uint8Array.of(7, 9), place, [null, makeGray(0, 0)])]).toEqual([7, 9]);
  });
});
