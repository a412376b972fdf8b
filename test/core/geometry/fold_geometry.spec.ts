import { isSffError } from '../../../src/core/errors.js';
import { geometryInFrame, parseGeometry, type SectionGeometry } from '../../../src/core/geometry/fold_geometry.js';

const geometry: SectionGeometry = {
  frame: [1000, 800],
  flagged: true,
  score: 0.9,
  folds: [
    {
      line: [
        [0, 100],
        [999, 300],
      ],
      halfWidths: [10, 12],
      pull: [
        { a: 30, s: 0.02 },
        { a: 28, s: 0.03 },
      ],
      rim: 4,
      score: 0.9,
    },
  ],
};

describe('fold geometry', () => {
  test('survives JSON and back', () => {
    expect(parseGeometry(JSON.parse(JSON.stringify(geometry)), 'x')).toEqual(geometry);
  });

  test('keeps the ends of a fold through JSON; catalogues without them read as before', () => {
    const ended: SectionGeometry = { ...geometry, folds: [{ ...geometry.folds[0], ends: ['edge', 'free'] }] };
    expect(parseGeometry(JSON.parse(JSON.stringify(ended)), 'x')).toEqual(ended);
    expect(geometryInFrame(ended, 500, 400).folds[0].ends).toEqual(['edge', 'free']);
    expect(parseGeometry(geometry, 'x').folds[0].ends).toBeUndefined();
  });

  test('keeps how the pull varies along a fold through JSON and across frames', () => {
    const tapering: SectionGeometry = { ...geometry, folds: [{ ...geometry.folds[0], pullAlong: 'width' }] };
    expect(parseGeometry(JSON.parse(JSON.stringify(tapering)), 'x')).toEqual(tapering);
    expect(geometryInFrame(tapering, 500, 400).folds[0].pullAlong).toBe('width');
  });

  test('in a frame half the size, lengths halve and pixel centres map', () => {
    const half = geometryInFrame(geometry, 500, 400);
    expect(half.folds[0].line[0]).toEqual([-0.25, 49.75]);
    expect(half.folds[0].halfWidths).toEqual([5, 6]);
    expect(half.folds[0].pull[0]).toEqual({ a: 15, s: 0.02 });
    expect(half.folds[0].rim).toBe(2);
    expect(geometryInFrame(half, 1000, 800).folds[0].line[1]).toEqual([999, 300]);
  });

  test.each([
    [null, /must be an object/],
    [{ ...geometry, frame: [10] }, /frame/],
    [{ ...geometry, folds: [{ ...geometry.folds[0], line: [[1, 2]] }] }, /two points/],
    [{ ...geometry, folds: [{ ...geometry.folds[0], rim: -1 }] }, /rim/],
    [{ ...geometry, folds: [{ ...geometry.folds[0], halfWidths: [1] }] }, /halfWidths/],
    [{ ...geometry, folds: [{ ...geometry.folds[0], ends: ['edge', 'open'] }] }, /ends must be two of/],
    [{ ...geometry, folds: [{ ...geometry.folds[0], pullAlong: 'sideways' }] }, /pullAlong must be one of/],
    [
      {
        ...geometry,
        folds: [
          {
            ...geometry.folds[0],
            pull: [
              { a: 1, s: 0 },
              { a: 1, s: 0.1 },
            ],
          },
        ],
      },
      /pull/,
    ],
  ])('rejects %j in one line', (value, message) => {
    let error: unknown;
    try {
      parseGeometry(value, 'folds.json section 3');
    } catch (e) {
      error = e;
    }
    expect(isSffError(error, 'GeometryError')).toBe(true);
    expect((error as Error).message).toMatch(/^folds.json section 3: /);
    expect((error as Error).message).toMatch(message);
  });
});
