import { SffError, type SffErrorOptions } from '../../core/errors.js';

/** Expected failures of the volume writers and readers, told apart by `kind`. */

/** A section stack that cannot become a volume: empty, unreadable, or sections of mixed sizes. */
export class StackError extends SffError<'StackError'> {
  constructor(message: string, options?: SffErrorOptions) {
    super('StackError', message, options);
  }
}

/** An `info` file (or options that would produce one) outside what we read and write. */
export class PrecomputedFormatError extends SffError<'PrecomputedFormatError'> {
  constructor(message: string, options?: SffErrorOptions) {
    super('PrecomputedFormatError', message, options);
  }
}

/** The output path exists and holds something we did not write: we never overwrite it. */
export class OutputExistsError extends SffError<'OutputExistsError'> {
  constructor(message: string, options?: SffErrorOptions) {
    super('OutputExistsError', message, options);
  }
}
