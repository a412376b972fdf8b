import { isSffError } from '../../../src/core/errors.js';
import { mapAxes, toXyz } from '../../../src/io/zarr/axes.js';

describe('mapAxes', () => {
  it('by name, whatever the order (c, x, y, z with one channel)', () => {
    const map = mapAxes([1, 64, 32, 5], ['c', 'x', 'y', 'z'], 'a');
    expect(toXyz([1, 64, 32, 5], map)).toEqual([64, 32, 5]);
  });

  it('without names: (z,)y,x from the end, leading size-1 dimensions skipped; 2-D is one section', () => {
    expect(toXyz([1, 5, 32, 64], mapAxes([1, 5, 32, 64], undefined, 'a'))).toEqual([64, 32, 5]);
    expect(toXyz([32, 64], mapAxes([32, 64], undefined, 'a'))).toEqual([64, 32, 1]);
  });

  it('refuses a channel axis of size 3, names without x and y, and 1-D arrays, in one line', () => {
    for (const [shape, names, why] of [
      [[3, 32, 64], ['c', 'y', 'x'], /a: c has size 3; only one channel/],
      [[32, 64], ['u', 'v'], /a: axes \["u","v"\] name no x and y/],
      [[64], undefined, /a: a 1-dimensional array is not an image volume/],
    ] as const) {
      let err: unknown;
      try {
        mapAxes(shape, names, 'a');
      } catch (e) {
        err = e;
      }
      expect(isSffError(err, 'ZarrFormatError')).toBe(true);
      expect((err as Error).message).toMatch(why);
    }
  });
});
