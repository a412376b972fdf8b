import type { GridRect } from '../../../../src/core/geometry/fold_field.js';
import { makeGray } from '../../../../src/core/image.js';
import type { BlockResult } from '../../../../src/datasource/sff/pipeline/block_restorer.js';
import { maskOverlaid, restoredChunk } from '../../../../src/datasource/sff/pipeline/restored_chunk.js';

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

  it('box-averages a finer mask for a coarser scale: a pixel is masked when half its box is', () => {
    // Mask 4×2 (detection scale) over a 2×1 grid: each grid pixel covers a 2×2 box.
    const grid = { chunkDataSize: Uint32Array.of(2, 1, 1), upperVoxelBound: Float32Array.of(2, 1, 1) };
    const mask = makeGray(4, 2, Uint8Array.of(1, 0, 0, 1, 1, 0, 0, 0));
    const out = maskOverlaid(
      Uint8Array.of(10, 10),
      { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(0, 0, 0), grid },
      [mask],
    );
    expect([...out]).toEqual([132, 10]);
  });

  it('skips layers without a mask and a 0×0 mask of an unchecked section', () => {
    const grid = { chunkDataSize: Uint32Array.of(1, 1, 2), upperVoxelBound: Float32Array.of(1, 1, 2) };
    const place = { chunkDataSize: grid.chunkDataSize, chunkGridPosition: Float32Array.of(0, 0, 0), grid };
    expect([...maskOverlaid(Uint8Array.of(7, 9), place, [null, makeGray(0, 0)])]).toEqual([7, 9]);
  });
});
