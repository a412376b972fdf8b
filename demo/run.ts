/**
 * `npm run demo`: builds the viewer when build/ is missing or older than its sources, prepares the
 * demo data when stale, serves both and prints the Neuroglancer link. Runs until Ctrl-C.
 * PORT (default 8080) and HOST (default 127.0.0.1) choose where it listens; SFF_DEMO_NO_BUILD=1
 * serves build/ as it is (tests). SIGTERM / SIGINT stop it at any stage, a running build included.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDemoData } from './prepare.js';
import { startServer } from './serve.js';
import { demoLink } from './state.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Inputs of the webpack build (besides node_modules, which `npm ci` pins). */
const VIEWER_SOURCES = ['src', 'package.json', 'tsconfig.json'];
/** webpack leaves unchanged outputs untouched, so a successful build also touches this stamp. */
const STAMP = join(ROOT, 'demo', 'data', '.viewer-build-stamp');

/** Newest modification time under `path` (a file or a directory tree); 0 when absent. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function viewerIsStale(): boolean {
  const build = join(ROOT, 'build');
  if (!existsSync(join(build, 'index.html'))) return true;
  const built = Math.max(newestMtime(build), newestMtime(STAMP));
  const configs = readdirSync(ROOT).filter((name) => name.startsWith('webpack.config'));
  return [...VIEWER_SOURCES, ...configs].some((source) => newestMtime(join(ROOT, source)) > built);
}

/** What a SIGTERM / SIGINT stops: the build while it runs, then the server. */
let stopping: ((signal: NodeJS.Signals) => void) | undefined;
let child: ChildProcess | undefined;

function onSignal(signal: NodeJS.Signals): void {
  if (stopping !== undefined) return stopping(signal);
  // Before the server is up: stop the build (if any) and leave at once.
  if (child !== undefined && child.exitCode === null) child.kill(signal);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function buildViewer(): Promise<void> {
  return new Promise((done, fail) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    child = spawn(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`viewer build failed (npm run build exited with ${code})`)),
    );
  });
}

/**
 * `npm run demo` runs us under `sh -c`: npm passes a SIGTERM on to the shell, which dies without
 * passing it on, so we would keep listening as an orphan. Losing our parent means "stop" too.
 */
function stopWhenOrphaned(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) onSignal('SIGTERM');
  }, 250).unref();
}

async function main(): Promise<void> {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  stopWhenOrphaned();
  if (process.env.SFF_DEMO_NO_BUILD === '1') {
    if (!existsSync(join(ROOT, 'build', 'index.html'))) console.log('SFF_DEMO_NO_BUILD=1: build/ has no viewer');
  } else if (viewerIsStale()) {
    console.log('building the viewer (npm run build) …');
    await buildViewer();
    mkdirSync(dirname(STAMP), { recursive: true });
    writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  }
  await prepareDemoData({ root: ROOT, log: (line) => console.log(line) });
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  const host = process.env.HOST ?? '127.0.0.1';
  const server = await startServer({ port, host, root: ROOT }).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EADDRINUSE' ? new Error(`port ${port} is in use; choose another with PORT=…`) : err;
  });
  console.log(`serving ${ROOT} at ${server.url} (Ctrl-C to stop)\n`);
  console.log(`open the demo:\n${demoLink(server.url)}\n`);
  let closing = false;
  stopping = () => {
    if (closing) return;
    closing = true;
    console.log('stopping …');
    // Never wait forever on a connection that will not close.
    setTimeout(() => process.exit(1), 3000).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
}

main().catch((err: unknown) => {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
