import { existsSync } from 'node:fs';
import { timedRun } from '../../../bench/big_volume/timed_command.js';
import { describeIfAvailable } from '../../helpers/requirements.js';

const missing = existsSync('/usr/bin/time') ? [] : ['/usr/bin/time (apt-get install time)'];

describeIfAvailable(missing, 'timedRun', () => {
  it('reports the wall time and peak memory of a command that succeeds', async () => {
    const run = await timedRun('sh', ['-c', 'sleep 0.3'], 10);
    expect(run.ok).toBe(true);
    expect(run.seconds).toBeGreaterThanOrEqual(0.2);
    expect(run.peakRssBytes).toBeGreaterThan(0);
  });

  it('turns a failure into its last line of stderr, and a run past the limit into a stop', async () => {
    const failed = await timedRun('sh', ['-c', 'echo working >&2; echo "sff: model failed" >&2; exit 1'], 10);
    expect(failed).toMatchObject({ ok: false, failure: 'sff: model failed' });
    const stopped = await timedRun('sleep', ['30'], 0.5);
    expect(stopped).toMatchObject({ ok: false, failure: 'stopped after 0.5 s' });
    expect(stopped.seconds).toBeLessThan(5);
  });
});
