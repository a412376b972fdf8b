import { foldEnds } from '../../../src/core/geometry/fold_ends.js';

describe('foldEnds', () => {
  test('an end at the border is an edge, an end in the tissue is free', () => {
    expect(
      foldEnds(
        [
          [0, 300],
          [500, 310],
        ],
        [1024, 1024],
        8,
      ),
    ).toEqual(['edge', 'free']);
    expect(
      foldEnds(
        [
          [1011, 3],
          [600, 1020],
        ],
        [1024, 1024],
        8,
      ),
    ).toEqual(['edge', 'edge']);
    // Just beyond the half-width and the detector's slack: inside.
    expect(
      foldEnds(
        [
          [13, 400],
          [200, 500],
        ],
        [1024, 1024],
        8,
      ),
    ).toEqual(['free', 'free']);
  });
});
