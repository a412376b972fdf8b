import { SffError, type SffErrorOptions } from '../errors.js';

/** Evaluation set-ups that cannot run: too few sections, mixed sizes, a crop bigger than a section. */
export class EvaluationError extends SffError<'EvaluationError'> {
  constructor(message: string, options?: SffErrorOptions) {
    super('EvaluationError', message, options);
  }
}
