import { chunkName, slabChunks } from '../../src/io/precomputed/chunks.js';
import type { PrecomputedScale } from '../../src/io/precomputed/index.js';
import { blockChunks, scaleBlocks } from '../../src/offline/scale_blocks.js';

/** 1300 × 700 in chunks of 100 × 64: blocks of 500 × 512, clipped at the right and bottom edges. */
const scale: PrecomputedScale = {
  key: 's',
  size: [1300, 700, 6],
  resolution: [1, 1, 1],
  voxel_offset: [0, 0, 0],
  chunk_sizes: [[100, 64, 3]],
  encoding: 'raw',
};

describe('scaleBlocks', () => {
  it('cuts a scale into chunk-aligned blocks of about 512², row by row', () => {
    const blocks = scaleBlocks(scale);
    expect(blocks.map((b) => [b.x, b.y, b.width, b.height])).toEqual([
      [0, 0, 500, 512],
      [500, 0, 500, 512],
      [1000, 0, 300, 512],
      [0, 512, 500, 188],
      [500, 512, 500, 188],
      [1000, 512, 300, 188],
    ]);
  });

  it('the blocks’ chunks are the slab’s chunks, each once', () => {
    const ofBlocks = scaleBlocks(scale).flatMap((b) => blockChunks(scale, b, 3, 6));
    const ofSlab = [...slabChunks(scale.size, scale.chunk_sizes[0], 3, 6)];
    expect(ofBlocks.map((c) => chunkName(c)).sort()).toEqual(ofSlab.map((c) => chunkName(c)).sort());
    expect(new Set(ofBlocks.map((c) => chunkName(c))).size).toBe(ofBlocks.length);
  });
});
