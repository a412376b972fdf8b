/** Expected failures of the volume writers and readers, told apart by `kind`. */

/** A section stack that cannot become a volume: empty, unreadable, or sections of mixed sizes. */
export class StackError extends Error {
  readonly kind = 'StackError';
}

/** An `info` file (or options that would produce one) outside what we read and write. */
export class PrecomputedFormatError extends Error {
  readonly kind = 'PrecomputedFormatError';
}

/** The output path exists and holds something we did not write: we never overwrite it. */
export class OutputExistsError extends Error {
  readonly kind = 'OutputExistsError';
}
