import { baselineRegistry, degradedMethod, interpMethod, subMethod } from '../../../src/core/baselines/index.js';
import { isSffError } from '../../../src/core/errors.js';
import { makeGray } from '../../../src/core/image.js';
import { rejection } from '../../errors.js';

const filled = (v: number, w = 4, h = 3) => makeGray(w, h, new Uint8Array(w * h).fill(v));

describe('classical baselines', () => {
  const damaged = filled(0),
    prev = filled(10),
    next = filled(21);

  it('sub copies z − 1, else z + 1, and never aliases its input', async () => {
    const a = await subMethod.restore({ damaged, prev, next });
    expect(Array.from(a.data)).toEqual(Array.from(prev.data));
    a.data[0] = 99;
    expect(prev.data[0]).toBe(10);
    expect((await subMethod.restore({ damaged, next })).data[0]).toBe(21);
  });

  it('interp is the rounded mean of both neighbours, or the only one', async () => {
    expect((await interpMethod.restore({ damaged, prev, next })).data[5]).toBe(16); // (10 + 21) / 2 = 15.5
    expect((await interpMethod.restore({ damaged, next })).data[5]).toBe(21);
  });

  it('degraded returns the damaged section', async () => {
    const d = makeGray(2, 1, Uint8Array.from([3, 4]));
    expect(Array.from((await degradedMethod.restore({ damaged: d })).data)).toEqual([3, 4]);
  });

  it('reports a missing neighbour and mismatched sizes as RestorationError', async () => {
    expect(isSffError(await rejection(subMethod.restore({ damaged })), 'RestorationError')).toBe(true);
    await expect(interpMethod.restore({ damaged })).rejects.toMatchObject({ reason: 'NoNeighbourSection' });
    await expect(interpMethod.restore({ damaged, prev: filled(1, 5, 3) })).rejects.toMatchObject({
      reason: 'SizeMismatch',
    });
  });

  it('honours an aborted signal', async () => {
    await expect(subMethod.restore({ damaged, prev }, AbortSignal.abort())).rejects.toThrow();
  });

  it('registers the ladder in order', async () => {
    const registry = baselineRegistry();
    expect([...registry.keys()]).toEqual(['degraded', 'sub', 'interp', 'fill', 'classic-unfold']);
    expect((await registry.get('interp')!()).name).toBe('interp');
  });
});
