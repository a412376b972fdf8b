import { makeGray } from '../image.js';
import { checkInputSizes, type RestorationMethod } from '../restoration_method.js';

/** No restoration at all: the damaged section scored as is, the bottom rung of every ladder. */
export const degradedMethod: RestorationMethod = {
  name: 'degraded',
  async restore(input, signal) {
    signal?.throwIfAborted();
    checkInputSizes(input);
    const { width, height, data } = input.damaged;
    return makeGray(width, height, data.slice());
  },
};
