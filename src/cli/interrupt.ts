/** Ctrl-C → an AbortSignal: the long commands stop at their next boundary and clean up. */
import { SffError } from '../core/errors.js';

/**
 * Runs `work` with a signal that aborts, with `message` as its reason, on the first SIGINT; the
 * handler is removed afterwards whatever happens.
 */
export async function withInterrupt<T>(message: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSigint = (): void => abort.abort(new SffError('Interrupted', message));
  process.once('SIGINT', onSigint);
  try {
    return await work(abort.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
