import { chooseNeighbours } from '../../src/restoration/neighbours.js';

const flagged =
  (...zs: number[]) =>
  (z: number) =>
    zs.includes(z);

describe('chooseNeighbours', () => {
  test('z − 1 and z + 1 when both are clean', () => {
    expect(chooseNeighbours(5, 10, flagged())).toEqual({ prev: 4, next: 6, note: undefined });
  });

  test('a flagged neighbour is replaced by the nearest clean one on its side', () => {
    const c = chooseNeighbours(5, 10, flagged(4, 3, 6));
    expect(c).toMatchObject({ prev: 2, next: 7 });
    expect(c.note).toMatch(/section 4 is flagged.*section 6 is flagged/);
  });

  test('at the volume edge the other side is used twice', () => {
    const first = chooseNeighbours(0, 10, flagged());
    expect(first).toMatchObject({ prev: 1, next: 1 });
    expect(first.note).toMatch(/no clean section before 0/);
    expect(chooseNeighbours(9, 10, flagged(8))).toMatchObject({ prev: 7, next: 7 });
  });

  test('the search stops at ±3', () => {
    expect(chooseNeighbours(5, 10, flagged(2, 3, 4))).toMatchObject({ prev: 6, next: 6 });
  });

  test('no clean section within reach is a tagged error', () => {
    expect(() => chooseNeighbours(5, 10, flagged(2, 3, 4, 6, 7, 8))).toThrow(
      expect.objectContaining({
        kind: 'RestorationError',
        reason: 'NoNeighbourSection',
        message: expect.stringMatching(/no clean neighbour section/),
      }),
    );
    expect(() => chooseNeighbours(0, 1, flagged())).toThrow(expect.objectContaining({ reason: 'NoNeighbourSection' }));
  });

  test('a section outside the volume is a caller error', () => {
    expect(() => chooseNeighbours(10, 10, flagged())).toThrow(RangeError);
  });
});
