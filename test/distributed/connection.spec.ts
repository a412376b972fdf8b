import { redisOptions } from '../../src/distributed/connection.js';

describe('redisOptions', () => {
  it('reads host, port, db and credentials from a redis:// URL', () => {
    expect(redisOptions('redis://10.0.0.5:6380/2')).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2 });
    expect(redisOptions('redis://queue')).toMatchObject({ host: 'queue', port: 6379, db: 0 });
    expect(redisOptions('redis://me:p%40ss@h:1')).toMatchObject({ username: 'me', password: 'p@ss' });
  });

  it('refuses anything else in one line', () => {
    for (const bad of ['localhost:6379', 'http://h:1', 'redis://h:1/x', 'redis://'])
      expect(() => redisOptions(bad)).toThrow(/^--queue must be a redis:\/\/host:port\[\/db\] URL, got/);
  });
});
