import { makeGray } from '../image.js';
import { type RestorationMethod } from '../restoration_method.js';
import { pickNeighbour } from './sub.js';

/**
 * Non-learned interpolation: the rounded mean of z − 1 and z + 1 (a single neighbour is copied).
 * Neighbours of ssTEM stacks correlate weakly, so this mostly averages noise away.
 */
export const interpMethod: RestorationMethod = {
  name: 'interp',
  async restore(input, signal) {
    signal?.throwIfAborted();
    const first = pickNeighbour(input);
    const { prev, next } = input;
    if (prev === undefined || next === undefined) return makeGray(first.width, first.height, first.data.slice());
    const out = makeGray(prev.width, prev.height);
    for (let i = 0; i < out.data.length; i++) out.data[i] = (prev.data[i] + next.data[i] + 1) >> 1;
    return out;
  },
};
