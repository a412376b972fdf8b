#!/usr/bin/env node
/** `sff` command line: one file per sub-command under ./commands. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerConvert } from './commands/convert.js';
import { registerDetect } from './commands/detect.js';
import { registerEval } from './commands/eval.js';
import { registerRestore } from './commands/restore.js';
import { registerSimulate } from './commands/simulate.js';
import { registerStatus } from './commands/status.js';
import { registerWorker } from './commands/worker.js';
import { reportError } from './report.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command('sff')
  .description('Detect and restore support-film folds in ssTEM sections')
  .version(pkg.version)
  .showHelpAfterError();

// Sub-commands register themselves here (one import + one call each).
const registrations: Array<(p: Command) => void> = [
  registerConvert,
  registerSimulate,
  registerEval,
  registerDetect,
  registerRestore,
  registerWorker,
  registerStatus,
];
for (const register of registrations) register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.exitCode = reportError(err, (text) => process.stderr.write(text));
});
