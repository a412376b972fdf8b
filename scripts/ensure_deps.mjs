// First-run guard for `npm run demo` and `npm test`, loaded with `node --import` before anything
// that needs node_modules (plain Node, no dependencies of its own). On a fresh clone (or when
// package-lock.json is newer than the install) it runs `npm ci`; with SFF_NEEDS_CHROMIUM=1 it checks
// for the browser the headless tests drive and says in one line how to install it.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

// A node_modules that is a symbolic link is an install shared with another checkout (a git
// worktree): npm ci would empty the shared folder under everyone using it, so it is left alone.
const shared =
  existsSync(path.join(root, 'node_modules')) && lstatSync(path.join(root, 'node_modules')).isSymbolicLink();
if (shared && !existsSync(installed)) {
  console.error('sff: node_modules is a link to an unfinished install; run npm ci where it points');
  process.exit(1);
}
if (!shared && (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs)) {
  console.error('sff: installing dependencies (npm ci) …');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (npm.status !== 0) {
    console.error('sff: npm ci failed (see above); the npm registry must be reachable');
    process.exit(1);
  }
}

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (process.env.SFF_NEEDS_CHROMIUM === '1' && !existsSync(CHROMIUM_PATH)) {
  console.error(
    `sff: the browser tests need Chromium at ${CHROMIUM_PATH}: install it with \`sudo apt-get install chromium\`` +
      ' (or set CHROMIUM_PATH); `npm run test:unit` runs the tests that need no browser',
  );
  process.exit(1);
}
