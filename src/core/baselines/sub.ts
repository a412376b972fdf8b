import { type GrayImage, makeGray } from '../image.js';
import {
  checkInputSizes,
  RestorationError,
  type RestorationInput,
  type RestorationMethod,
} from '../restoration_method.js';

/** Nearest clean neighbour, z − 1 preferred: the paper's "Sub" baseline. */
export function pickNeighbour(input: RestorationInput): GrayImage {
  checkInputSizes(input);
  const neighbour = input.prev ?? input.next;
  if (neighbour === undefined) {
    throw new RestorationError('NoNeighbourSection', 'no neighbour section to restore from');
  }
  return neighbour;
}

export const subMethod: RestorationMethod = {
  name: 'sub',
  async restore(input, signal) {
    signal?.throwIfAborted();
    const neighbour = pickNeighbour(input);
    return makeGray(neighbour.width, neighbour.height, neighbour.data.slice());
  },
};
