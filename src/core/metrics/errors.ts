import { SffError, type SffErrorOptions } from '../errors.js';

/** Inputs a metric cannot score: different sizes, an empty region, an image smaller than the window. */
export class MetricsError extends SffError<'MetricsError'> {
  constructor(message: string, options?: SffErrorOptions) {
    super('MetricsError', message, options);
  }
}
