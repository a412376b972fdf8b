/** Inputs a metric cannot score: different sizes, an empty region, an image smaller than the window. */
export class MetricsError extends Error {
  readonly kind = 'MetricsError';
}
