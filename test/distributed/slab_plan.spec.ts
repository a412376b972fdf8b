import { detectionWindow, needsRestoring, slabOf, slabs, slabsNear } from '../../src/distributed/slab_plan.js';

const shape = { depth: 10, chunkDepth: 4 };

describe('slab_plan', () => {
  it('cuts the volume into chunk-deep slabs, the last one shorter', () => {
    expect(slabs(shape)).toEqual([
      { z0: 0, z1: 4 },
      { z0: 4, z1: 8 },
      { z0: 8, z1: 10 },
    ]);
    expect(slabOf(7, shape)).toEqual({ z0: 4, z1: 8 });
  });

  it('a slab reads the detections of its sections and of those within ±3, inside the volume', () => {
    expect(detectionWindow({ z0: 0, z1: 4 }, 10)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(detectionWindow({ z0: 4, z1: 8 }, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(detectionWindow({ z0: 8, z1: 10 }, 10)).toEqual([5, 6, 7, 8, 9]);
  });

  it('a detection belongs to the windows of exactly the slabs slabsNear lists', () => {
    for (let z = 0; z < shape.depth; z++) {
      const holding = slabs(shape).filter((s) => detectionWindow(s, shape.depth).includes(z));
      expect(slabsNear(z, shape)).toEqual(holding);
    }
  });

  it('restores a slab with a flagged or forced section, copies the others', () => {
    const flagged = (z: number) => ({ flagged: z === 5, score: 0, segments: [] });
    expect(needsRestoring({ z0: 4, z1: 8 }, [], flagged)).toBe(true);
    expect(needsRestoring({ z0: 0, z1: 4 }, [], flagged)).toBe(false);
    expect(needsRestoring({ z0: 0, z1: 4 }, [2], flagged)).toBe(true);
  });
});
