/** Expected failures of offline restoration and cataloguing (bad input, refused output). */
export class OfflineError extends Error {
  readonly kind = 'OfflineError';
}
