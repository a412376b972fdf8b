import { SffError, type SffErrorOptions } from '../core/errors.js';

/** Expected failures of offline restoration and cataloguing (bad input, refused output). */
export class OfflineError extends SffError<'OfflineError'> {
  constructor(message: string, options?: SffErrorOptions) {
    super('OfflineError', message, options);
  }
}
