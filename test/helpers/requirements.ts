/**
 * Tests that need something not every checkout has (exported models, numpy). Locally they are
 * skipped with the reason printed; on CI (CI=true) a missing requirement is a failing test that
 * names it, so that a CI run never passes by running less.
 */

/** Runs `fn` as `describe(name, fn)` when nothing is `missing`; otherwise skips or fails (see above). */
export function describeIfAvailable(missing: readonly string[], name: string, fn: () => void): void {
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const reason = `${name}: missing ${missing.join(', ')}`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      test(`requirements (CI=true): ${missing.join(', ')}`, () => {
        throw new Error(`${reason}; CI must provide it`);
      });
    });
  } else {
    process.stderr.write(`SKIPPED ${reason}\n`);
    describe.skip(name, fn);
  }
}
