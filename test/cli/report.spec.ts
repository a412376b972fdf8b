/**
 * How `sff` ends on an error: an expected failure is one line and exit 1 (a real process, bad
 * input); anything else is the stack trace, a line saying it is a bug, and exit 2 (the printing
 * function with an injected error: no honest input makes sff throw a bug on purpose).
 */
import { EXIT_BUG, EXIT_EXPECTED, reportError } from '../../src/cli/report.js';
import { SffError } from '../../src/core/errors.js';
import { ensureCliBuilt, sff } from '../core/evaluation/cli_support.js';

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
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
