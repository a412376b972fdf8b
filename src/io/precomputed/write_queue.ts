/**
 * Writes files with several in flight at once. A volume is thousands of small files, and on a busy
 * disk creating them one after another is latency-bound: 16 in flight measured 4× faster here.
 */
import { writeFile } from 'node:fs/promises';

export class FileWriteQueue {
  private readonly inFlight = new Set<Promise<void>>();
  private error: unknown;

  constructor(private readonly limit = 16) {}

  /** Resolves once the write is queued; a failed write surfaces here or in `flush`. */
  async write(path: string, data: Uint8Array): Promise<void> {
    this.throwIfFailed();
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const done: Promise<void> = writeFile(path, data)
      .catch((err: unknown) => {
        this.error ??= err;
      })
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Waits for every queued write and throws the first failure. */
  async flush(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for every queued write, failed or not (before removing their directory). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private throwIfFailed(): void {
    if (this.error !== undefined) throw this.error;
  }
}
