/**
 * How `sff` ends on an error: an expected failure is one line and exit 1 (a real process, bad
 * input); anything else is the stack trace, a line saying it is a bug, and exit 2 (the printing
 * function with an injected error: no honest input makes sff throw a bug on purpose).
 */
import { spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EXIT_BUG, EXIT_EXPECTED, reportError } from '../../src/cli/report.js';
import { SffError } from '../../src/core/errors.js';
import { ensureCliBuilt, ROOT, sff } from '../core/evaluation/cli_support.js';

/** The CLI as a child process that does not block this one (the test's server must answer). */
function sffAsync(...args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'sff.js'), ...args]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

function report(err: unknown): { status: number; text: string } {
  let text = '';
  const status = reportError(err, (t) => (text += t));
  return { status, text };
}

describe('reportError', () => {
  it('prints an SffError as one line `sff: <message>` and returns 1', () => {
    expect(report(new SffError('OptionError', '--seed must be a non-negative integer, got "x"'))).toEqual({
      status: EXIT_EXPECTED,
      text: 'sff: --seed must be a non-negative integer, got "x"\n',
    });
    expect(EXIT_EXPECTED).toBe(1);
  });

  it('prints anything else with its stack and a bug line, and returns 2', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'width')");
    const { status, text } = report(bug);
    expect(status).toBe(EXIT_BUG);
    expect(EXIT_BUG).toBe(2);
    expect(text).toContain(bug.stack!);
    expect(text).toMatch(/at .*report\.spec\.ts/);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^sff: this is a bug in sff, please report it/);
    expect(report('a thrown string').text).toMatch(/^a thrown string\nsff: this is a bug in sff/);
  });
});

describe('sff (a real process)', () => {
  beforeAll(() => ensureCliBuilt('detect'), 180_000);

  it('an expected failure is one line on stderr and exit 1', () => {
    const run = sff('simulate', '--in', 'x.png', '--out', 'y', '--distribution', 'bogus');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('sff: --distribution must be test or unfold, got "bogus"\n');
    expect(run.stdout).toBe('');
  });

  it('an unreadable input is one line too, never a stack trace', () => {
    const run = sff('detect', '--precomputed', 'ftp://example.org/v', '--out', 'never-written');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^sff: ftp:\/\/example\.org\/v: unsupported scheme ftp:\/\/; give a local path, http/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(sff('restore', '--precomputed', '', '--out', 'never-written').stderr).toMatch(
      /^sff: empty volume location; give a local path/,
    );
  });

  it('--timeout: a server that accepts and never answers costs tries × timeout, then one line', async () => {
    const hanging: ServerResponse[] = [];
    const server = createServer((_, res) => void hanging.push(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/vol`;
    try {
      const started = Date.now();
      const run = await sffAsync('detect', '--precomputed', url, '--out', 'never-written', '--timeout', '0.2');
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`sff: GET ${url}/info: timed out after 0.2 s (3 tries)\n`);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(hanging.length).toBe(3);
    } finally {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
