import { existsSync } from 'node:fs';
import { timedRun } from '../../../bench/big_volume/timed_command.js';
import { describeIfAvailable } from '../../helpers/requirements.js';

const missing = existsSync('/usr/bin/time') ? [] : ['/usr/bin/time (apt-get install time)'];

const LIMITS = { seconds: 10, rssBytes: 2 ** 30 };

describeIfAvailable(missing, 'timedRun', () => {
  it('reports the wall time and peak memory of a command that succeeds', async () => {
    const run = await timedRun('sh', ['-c', 'sleep 0.3'], LIMITS);
    expect(run.ok).toBe(true);
    expect(run.seconds).toBeGreaterThanOrEqual(0.2);
    expect(run.peakRssBytes).toBeGreaterThan(0);
  });

  it('turns a failure into its last line of stderr, and a run past the limit into a stop', async () => {
    const failed = await timedRun('sh', ['-c', 'echo working >&2; echo "sff: model failed" >&2; exit 1'], LIMITS);
    expect(failed).toMatchObject({ ok: false, failure: 'sff: model failed' });
    const stopped = await timedRun('sleep', ['30'], { ...LIMITS, seconds: 0.5 });
    expect(stopped).toMatchObject({ ok: false, failure: 'stopped after 0.5 s' });
    expect(stopped.seconds).toBeLessThan(5);
  });

  it('stops a command that grows past the memory limit', async () => {
    const hog = 'const a = []; setInterval(() => a.push(Buffer.alloc(2 ** 24, 1)), 50);';
    const run = await timedRun(process.execPath, ['-e', hog], { seconds: 20, rssBytes: 2 ** 29 });
    expect(run.ok).toBe(false);
    // Stopped soon after the limit (the sampling interval lets it grow a little further on a busy machine).
    expect(run.failure).toMatch(/^stopped at (0\.[5-9]|1\.[0-4]) GB resident \(limit\)$/);
    expect(run.peakRssBytes).toBeGreaterThan(2 ** 29);
  });
});
