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

  test("an end on another fold's band is a junction (a branch); one beside it is free", () => {
    const main = {
      line: [
        [0, 500],
        [1023, 520],
      ] as [number, number][],
      halfWidths: [12, 12],
      pull: [
        { a: 10, s: 0.05 },
        { a: 10, s: 0.05 },
      ] as [{ a: number; s: number }, { a: number; s: number }],
      score: 1,
    };
    // A branch from the top edge down to the main fold's centre line.
    expect(
      foldEnds(
        [
          [400, 0],
          [450, 508],
        ],
        [1024, 1024],
        6,
        [main],
      ),
    ).toEqual(['edge', 'junction']);
    // Stopping 40 px short of the main band: a fold ending in the tissue.
    expect(
      foldEnds(
        [
          [400, 0],
          [450, 450],
        ],
        [1024, 1024],
        6,
        [main],
      ),
    ).toEqual(['edge', 'free']);
    // Meeting the other one's end: one fold the detector broke in two, not a branch.
    expect(
      foldEnds(
        [
          [1023, 530],
          [1010, 520],
        ],
        [1024, 1024],
        6,
        [{ ...main, line: [main.line[0], [1000, 519]] }],
      ),
    ).toEqual(['edge', 'free']);
  });
});
