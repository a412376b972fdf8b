/**
 * Chunk files as `<chunk>.gz` only (no plain sibling): demo/serve.ts sends them with
 * `Content-Encoding: gzip`, and our readers inflate a local `.gz` when the plain file is absent.
 * Each file appears under its final name only when complete (written aside, then renamed), so a
 * rerun after a kill skips every file that exists. A chunk identical to one already written (the
 * truth wherever no fold reaches) becomes a hard link to it: no second compression, no disk.
 */
import { existsSync, linkSync, readdirSync, rmSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { FileWriteQueue } from '../../src/io/precomputed/write_queue.js';

const gzipAsync = promisify(gzip);

const TEMPORARY = '.tmp-';

export class GzipChunkFiles {
  private readonly queue: FileWriteQueue;

  /** `inFlight` compressions run at once on libuv's thread pool while the caller computes on. */
  constructor(
    private readonly level: number,
    inFlight = 8,
  ) {
    this.queue = new FileWriteQueue({ limit: inFlight });
  }

  /** True when the chunk at `path` (without `.gz`) was written completely. */
  has(path: string): boolean {
    return existsSync(`${path}.gz`);
  }

  /**
   * Queues `bytes` at `path`, then each of `copies`: a hard link to `path` when its bytes are
   * `bytes`, else its own file. Paths that already exist are kept.
   */
  async write(
    path: string,
    bytes: Uint8Array,
    copies: readonly { path: string; bytes: Uint8Array }[] = [],
  ): Promise<void> {
    await this.queue.run(async () => {
      if (!this.has(path)) await this.writeGz(path, bytes);
      for (const copy of copies) {
        if (this.has(copy.path)) continue;
        if (Buffer.compare(copy.bytes, bytes) === 0) linkSync(`${path}.gz`, `${copy.path}.gz`);
        else await this.writeGz(copy.path, copy.bytes);
      }
    });
  }

  /** Waits for every queued file and throws the first failure. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Waits for every queued file, failed or not. */
  settle(): Promise<void> {
    return this.queue.settle();
  }

  private async writeGz(path: string, bytes: Uint8Array): Promise<void> {
    const tmp = `${path}.gz${TEMPORARY}${process.pid}`;
    await writeFile(tmp, await gzipAsync(bytes, { level: this.level }));
    await rename(tmp, `${path}.gz`);
  }
}

/** Removes the half-written files a killed run left in `dir`. */
export function removeTemporaries(dir: string): void {
  for (const name of readdirSync(dir)) if (name.includes(TEMPORARY)) rmSync(join(dir, name), { force: true });
}
