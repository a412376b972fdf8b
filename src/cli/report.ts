/** How `sff` ends on a thrown error: one line for expected failures, a bug report for the rest. */
import { isSffError } from '../core/errors.js';

/** Exit status of an expected failure (bad input, refused output, a model that does not load, Ctrl-C). */
export const EXIT_EXPECTED = 1;
/** Exit status of anything else: a bug in sff. */
export const EXIT_BUG = 2;

/**
 * Writes the report of `err` and returns the exit status: `sff: <message>` and 1 for an
 * `SffError`; otherwise the stack trace, a line saying this is a bug, and 2.
 */
export function reportError(err: unknown, write: (text: string) => void): number {
  if (isSffError(err)) {
    // Work cancelled by Ctrl-C says so, not which step happened to notice it.
    const shown = isSffError(err.cause, 'Interrupted') ? err.cause : err;
    write(`sff: ${shown.message}\n`);
    return EXIT_EXPECTED;
  }
  const trace = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  write(`${trace}\nsff: this is a bug in sff, please report it with the command line and the trace above\n`);
  return EXIT_BUG;
}
