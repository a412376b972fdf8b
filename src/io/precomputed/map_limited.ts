/**
 * `items.map(f)` with at most `limit` calls in flight, results in input order. A slab of a remote
 * volume is hundreds of small chunk requests: one at a time they are latency-bound, all at once
 * they swamp the server.
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
