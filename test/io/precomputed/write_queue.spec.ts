import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FileWriteQueue } from '../../../src/io/precomputed/write_queue.js';
import { tempDir } from './helpers.js';

describe('FileWriteQueue', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('queue');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every file with a bounded number in flight', async () => {
    const queue = new FileWriteQueue({ limit: 3 });
    for (let i = 0; i < 20; i++) await queue.write(join(dir, String(i)), Uint8Array.of(i));
    await queue.flush();
    expect(readdirSync(dir)).toHaveLength(20);
    expect(Array.from(readFileSync(join(dir, '7')))).toEqual([7]);
  });

  it('runs any file task with the same bound, and reports its failure at flush', async () => {
    const queue = new FileWriteQueue({ limit: 2 });
    let running = 0;
    let most = 0;
    const task = async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    for (let i = 0; i < 6; i++) await queue.run(task);
    await queue.run(async () => {
      throw new Error('task failed');
    });
    await expect(queue.flush()).rejects.toThrow('task failed');
    expect(most).toBe(2);
  });

  it('reports a failed write at flush, and settle waits without throwing', async () => {
    const queue = new FileWriteQueue({ limit: 4 });
    await queue.write(join(dir, 'missing', 'x'), Uint8Array.of(1));
    await queue.write(join(dir, 'ok'), Uint8Array.of(2));
    await queue.settle();
    await expect(queue.flush()).rejects.toThrow(/ENOENT/);
    await expect(queue.write(join(dir, 'later'), Uint8Array.of(3))).rejects.toThrow(/ENOENT/);
  });

  it('with a staging directory, writes each file there and renames it into place', async () => {
    const staging = join(dir, 'staging');
    const out = join(dir, 'out');
    [staging, out].forEach((d) => mkdirSync(d));
    const queue = new FileWriteQueue({ stagingDir: staging });
    for (let i = 0; i < 5; i++) await queue.write(join(out, String(i)), Uint8Array.of(i, i));
    await queue.flush();
    await queue.write(join(out, '2'), Uint8Array.of(9)); // a rewrite replaces the whole file
    await queue.flush();
    expect(readdirSync(out).sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(Array.from(readFileSync(join(out, '2')))).toEqual([9]);
    expect(readdirSync(staging)).toEqual([]);
  });
});
