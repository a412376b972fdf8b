import { makeGray } from '../../../../src/core/image.js';
import type { ChunkData, ChunkGrid } from '../../../../src/datasource/sff/base.js';
import {
  assembleSection,
  isSectionGrid,
  sectionsOfChunk,
} from '../../../../src/datasource/sff/pipeline/section_assembly.js';

/** A volume w×h×d whose voxel (x, y, z) holds (x + 10·y + 100·z) mod 256, chunked as `grid` says. */
function chunkedVolume(grid: ChunkGrid) {
  const [cw, ch, cd] = grid.chunkDataSize;
  const [w, h, d] = grid.upperVoxelBound;
  const fetched: string[] = [];
  const fetchChunk = async (p: Float32Array): Promise<ChunkData> => {
    fetched.push([...p].join(','));
    const size = Uint32Array.of(
      Math.min(cw, w - p[0] * cw),
      Math.min(ch, h - p[1] * ch),
      Math.min(cd, d - p[2] * cd),
      1,
    );
    const data = new Uint8Array(size[0] * size[1] * size[2]);
    let i = 0;
    for (let z = 0; z < size[2]; z++) {
      for (let y = 0; y < size[1]; y++) {
        for (let x = 0; x < size[0]; x++)
          data[i++] = (p[0] * cw + x + 10 * (p[1] * ch + y) + 100 * (p[2] * cd + z)) % 256;
      }
    }
    return { data, chunkDataSize: size };
  };
  return { fetchChunk, fetched };
}

function expected(w: number, h: number, z: number) {
  const image = makeGray(w, h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) image.data[y * w + x] = (x + 10 * y + 100 * z) % 256;
  return image;
}

const never = new AbortController().signal;

describe('section assembly', () => {
  it('joins partial edge chunks into the whole section', async () => {
    const grid = { chunkDataSize: Uint32Array.of(4, 3, 1, 1), upperVoxelBound: Float32Array.of(10, 7, 5, 1) };
    const { fetchChunk, fetched } = chunkedVolume(grid);
    const image = await assembleSection(grid, 2, fetchChunk, never);
    expect(image).toEqual(expected(10, 7, 2));
    expect(fetched).toHaveLength(3 * 3);
    expect(fetched.every((p) => p.split(',')[2] === '2')).toBe(true);
  });

  it('takes the right layer out of chunks several sections deep', async () => {
    const grid = { chunkDataSize: Uint32Array.of(4, 4, 3), upperVoxelBound: Float32Array.of(8, 5, 7) };
    const { fetchChunk, fetched } = chunkedVolume(grid);
    const image = await assembleSection(grid, 4, fetchChunk, never);
    expect(image).toEqual(expected(8, 5, 4));
    expect(new Set(fetched.map((p) => p.split(',')[2]))).toEqual(new Set(['1']));
  });

  it('leaves missing chunks black and rejects non-uint8 chunks', async () => {
    const grid = { chunkDataSize: Uint32Array.of(2, 2, 1), upperVoxelBound: Float32Array.of(4, 2, 1) };
    const image = await assembleSection(
      grid,
      0,
      async (p) => ({ data: p[0] === 0 ? null : Uint8Array.of(1, 2, 3, 4), chunkDataSize: Uint32Array.of(2, 2, 1) }),
      never,
    );
    expect([...image.data]).toEqual([0, 0, 1, 2, 0, 0, 3, 4]);
    await expect(
      assembleSection(
        grid,
        0,
        async () => ({ data: new Uint16Array(4), chunkDataSize: Uint32Array.of(2, 2, 1) }),
        never,
      ),
    ).rejects.toThrow('fold detection needs uint8 chunks, got Uint16Array');
  });

  it('lists the sections a chunk holds, clipped to the volume', () => {
    const grid = { chunkDataSize: Uint32Array.of(4, 4, 3), upperVoxelBound: Float32Array.of(8, 5, 7) };
    expect(sectionsOfChunk(Float32Array.of(0, 0, 0), grid)).toEqual([0, 1, 2]);
    expect(sectionsOfChunk(Float32Array.of(1, 0, 2), grid)).toEqual([6]);
  });

  it('accepts single-channel grids only', () => {
    expect(
      isSectionGrid({ chunkDataSize: Uint32Array.of(4, 4, 1, 1), upperVoxelBound: Float32Array.of(4, 4, 1, 1) }),
    ).toBe(true);
    expect(
      isSectionGrid({ chunkDataSize: Uint32Array.of(4, 4, 1, 3), upperVoxelBound: Float32Array.of(4, 4, 1, 3) }),
    ).toBe(false);
    expect(isSectionGrid({ chunkDataSize: Uint32Array.of(4, 4), upperVoxelBound: Float32Array.of(4, 4) })).toBe(false);
  });
});
