/** Evaluation set-ups that cannot run: too few sections, mixed sizes, a crop bigger than a section. */
export class EvaluationError extends Error {
  readonly kind = 'EvaluationError';
}
