import { mapLimited } from '../../../src/io/precomputed/map_limited.js';

describe('mapLimited', () => {
  it('keeps the input order and never runs more than `limit` calls at once', async () => {
    let running = 0;
    let most = 0;
    const items = Array.from({ length: 40 }, (_, i) => i);
    const results = await mapLimited(items, 5, async (i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5)); // finish out of order
      running--;
      return i * 2;
    });
    expect(results).toEqual(items.map((i) => i * 2));
    expect(most).toBe(5);
  });

  it('handles fewer items than the limit, none at all, and passes a failure on', async () => {
    expect(await mapLimited([1, 2], 16, async (x) => x + 1)).toEqual([2, 3]);
    expect(await mapLimited([], 16, async (x) => x)).toEqual([]);
    await expect(
      mapLimited([1, 2, 3], 2, async (x) => {
        if (x === 2) throw new Error('two');
        return x;
      }),
    ).rejects.toThrow('two');
  });
});
