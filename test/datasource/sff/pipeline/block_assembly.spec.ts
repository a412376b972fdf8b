import type { GridRect } from '../../../../src/core/geometry/fold_field.js';
import type { ChunkData, ChunkGrid } from '../../../../src/datasource/sff/base.js';
import { assembleRect, blockAt } from '../../../../src/datasource/sff/pipeline/block_assembly.js';

// Chunks 4×3×2 over a 10×7×4 volume: partial chunks at the right and bottom edges.
const grid: ChunkGrid = { chunkDataSize: Uint32Array.of(4, 3, 2), upperVoxelBound: Float32Array.of(10, 7, 4) };
const value = (x: number, y: number, z: number): number => (x + 10 * y + 100 * z) % 256;

/** The volume's chunks, clipped at its edges like a real source's; `deleted` lists "gx,gy,gz". */
function volume(deleted: string[] = [], fetched: string[] = []) {
  return async (p: Float32Array): Promise<ChunkData> => {
    const [gx, gy, gz] = p;
    fetched.push(`${gx},${gy},${gz}`);
    const [cw, ch, cd] = grid.chunkDataSize;
    const size = Uint32Array.of(
      Math.min(cw, grid.upperVoxelBound[0] - gx * cw),
      Math.min(ch, grid.upperVoxelBound[1] - gy * ch),
      Math.min(cd, grid.upperVoxelBound[2] - gz * cd),
    );
    if (deleted.includes(`${gx},${gy},${gz}`)) return { data: null, chunkDataSize: size };
    const data = new Uint8Array(size[0] * size[1] * size[2]);
    for (let z = 0; z < size[2]; z++)
      for (let y = 0; y < size[1]; y++)
        for (let x = 0; x < size[0]; x++)
          data[(z * size[1] + y) * size[0] + x] = value(gx * cw + x, gy * ch + y, gz * cd + z);
    return { data, chunkDataSize: size };
  };
}

/** What the rectangle should hold: the volume's pixels, the nearest edge pixel outside it. */
function expected(z: number, rect: GridRect): number[] {
  const clamp = (v: number, hi: number) => Math.min(hi - 1, Math.max(0, v));
  const out: number[] = [];
  for (let y = rect.y; y < rect.y + rect.height; y++)
    for (let x = rect.x; x < rect.x + rect.width; x++) out.push(value(clamp(x, 10), clamp(y, 7), z));
  return out;
}

const never = new AbortController().signal;

describe('assembleRect', () => {
  it('reads a rectangle across chunk borders, from the right layer', async () => {
    for (const z of [0, 1, 3]) {
      const rect = { x: 2, y: 1, width: 5, height: 4 };
      const image = await assembleRect(grid, z, rect, volume(), never);
      expect([image.width, image.height]).toEqual([5, 4]);
      expect([...image.data]).toEqual(expected(z, rect));
    }
  });

  it('reads partial edge chunks', async () => {
    const rect = { x: 6, y: 4, width: 4, height: 3 };
    const image = await assembleRect(grid, 2, rect, volume(), never);
    expect([...image.data]).toEqual(expected(2, rect));
  });

  it('fetches only the chunks the rectangle touches', async () => {
    const fetched: string[] = [];
    await assembleRect(grid, 3, { x: 4, y: 3, width: 4, height: 3 }, volume([], fetched), never);
    expect(fetched).toEqual(['1,1,1']);
    fetched.length = 0;
    await assembleRect(grid, 0, { x: 3, y: 2, width: 2, height: 2 }, volume([], fetched), never);
    expect(fetched.sort()).toEqual(['0,0,0', '0,1,0', '1,0,0', '1,1,0']);
  });

  it('repeats the edge pixels where the rectangle passes the volume edge', async () => {
    for (const rect of [
      { x: -2, y: -1, width: 5, height: 4 }, // top left
      { x: 7, y: 5, width: 6, height: 5 }, // bottom right
      { x: -3, y: -2, width: 16, height: 11 }, // all around
      { x: 12, y: 1, width: 3, height: 2 }, // wholly right of the volume
      { x: 1, y: -5, width: 2, height: 3 }, // wholly above it
    ]) {
      const image = await assembleRect(grid, 1, rect, volume(), never);
      expect([image.width, image.height]).toEqual([rect.width, rect.height]);
      expect([...image.data]).toEqual(expected(1, rect));
    }
  });

  it('fails on a missing chunk it needs, and ignores missing chunks it does not', async () => {
    await expect(assembleRect(grid, 1, { x: 2, y: 1, width: 5, height: 4 }, volume(['1,1,0']), never)).rejects.toThrow(
      /section 1: chunk 1,1 is missing/,
    );
    const rect = { x: 0, y: 0, width: 4, height: 3 };
    const image = await assembleRect(grid, 1, rect, volume(['1,1,0', '0,0,1']), never);
    expect([...image.data]).toEqual(expected(1, rect));
  });

  it('fails on chunks that are not uint8', async () => {
    const fetch = async (): Promise<ChunkData> => ({ data: new Uint16Array(24), chunkDataSize: grid.chunkDataSize });
    await expect(assembleRect(grid, 0, { x: 0, y: 0, width: 2, height: 2 }, fetch, never)).rejects.toThrow(/uint8/);
  });
});

describe('blockAt', () => {
  const big = (cw: number, ch: number, w: number, h: number): ChunkGrid => ({
    chunkDataSize: Uint32Array.of(cw, ch, 1),
    upperVoxelBound: Float32Array.of(w, h, 3),
  });

  it('makes blocks of whole chunks, about 512 px a side, per axis', () => {
    expect(blockAt(big(64, 100, 4000, 4000), 0, 0)).toEqual({ x: 0, y: 0, width: 512, height: 500 });
    expect(blockAt(big(64, 100, 4000, 4000), 1000, 1200)).toEqual({ x: 512, y: 1000, width: 512, height: 500 });
    // Chunks larger than the target: one chunk per block.
    expect(blockAt(big(1000, 300, 4000, 4000), 2500, 700)).toEqual({ x: 2000, y: 600, width: 1000, height: 600 });
  });

  it('clips the last block to the grid', () => {
    expect(blockAt(big(64, 64, 1100, 600), 1099, 599)).toEqual({ x: 1024, y: 512, width: 76, height: 88 });
    expect(blockAt(big(64, 64, 300, 200), 5, 5)).toEqual({ x: 0, y: 0, width: 300, height: 200 });
  });

  it('holds every chunk whole, and every pixel of a chunk gets the same block', () => {
    const g = big(96, 80, 1500, 1300);
    for (let gy = 0; gy * 80 < 1300; gy++) {
      for (let gx = 0; gx * 96 < 1500; gx++) {
        const [x0, y0] = [gx * 96, gy * 80];
        const [x1, y1] = [Math.min(1500, x0 + 96) - 1, Math.min(1300, y0 + 80) - 1];
        const b = blockAt(g, x0, y0);
        expect(blockAt(g, x1, y1)).toEqual(b);
        expect(b.x % 96).toBe(0);
        expect(b.y % 80).toBe(0);
        expect(b.x <= x0 && y0 >= b.y && x1 < b.x + b.width && y1 < b.y + b.height).toBe(true);
        expect(b.x + b.width).toBeLessThanOrEqual(1500);
        expect(b.y + b.height).toBeLessThanOrEqual(1300);
      }
    }
  });
});
