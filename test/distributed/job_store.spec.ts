import type { Redis } from 'ioredis';
import { connectRedis } from '../../src/distributed/connection.js';
import { JobStore } from '../../src/distributed/job_store.js';
import { REDIS_MISSING, RedisServer } from '../helpers/redis_server.js';
import { describeIfAvailable } from '../helpers/requirements.js';

describeIfAvailable(REDIS_MISSING, 'JobStore on a private redis-server', () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await RedisServer.start();
    redis = await connectRedis(server.url, false);
  }, 30_000);
  afterAll(async () => {
    redis?.disconnect();
    await server?.dispose();
  });

  it('a written task counts once however often it runs; notes are kept for finish', async () => {
    const store = new JobStore(redis);
    const note = { z: 5, note: 'a block of scale s kept raw: missing chunk' };
    await store.putWritten('j', 'restore-4-0-1', { z0: 4, scale: 0, block: 1, voxels: 100, notes: [note] });
    await store.putWritten('j', 'restore-4-0-1', { z0: 4, scale: 0, block: 1, voxels: 100, notes: [note] });
    await store.putWritten('j', 'copy-4-0-0', { z0: 4, scale: 0, block: 0, voxels: 30, notes: [] });
    await store.putWritten('j', 'copy-8-0-0', { z0: 8, scale: 0, block: 0, voxels: 7, notes: [] });
    const counts = await store.writtenCounts('j');
    expect([...counts.perSlab].sort()).toEqual([
      [4, 2],
      [8, 1],
    ]);
    expect(counts.voxels).toBe(137);
    expect(await store.writtenNotes('j')).toEqual([{ z0: 4, scale: 0, block: 1, voxels: 100, notes: [note] }]);
    expect(await store.writtenAmong('j', ['copy-4-0-0', 'restore-9-0-0'])).toEqual(new Set(['copy-4-0-0']));
    await store.clearResults('j');
    expect(await store.writtenCounts('j')).toEqual({ perSlab: new Map(), voxels: 0 });
  });
});
