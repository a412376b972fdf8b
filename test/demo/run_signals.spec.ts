/**
 * `npm run demo` stops when its npm process is killed: SIGTERM to the pid the user sees must take
 * the server down (no orphaned listener). A real process tree on a free port; SFF_DEMO_NO_BUILD=1
 * keeps the viewer build out of it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(test: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await test()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return test();
}

describe('npm run demo', () => {
  let demo: ChildProcess | undefined;
  afterEach(() => {
    // Whatever the outcome, nothing of this test keeps running: its own process group goes.
    if (demo?.pid !== undefined) {
      try {
        process.kill(-demo.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  // `kill <pid>` of npm; Ctrl-C, which the terminal sends to the whole foreground group.
  for (const [signal, target] of [
    ['SIGTERM', 'npm'],
    ['SIGINT', 'group'],
  ] as const) {
    it(`stops listening on ${signal} to the ${target === 'npm' ? 'npm process' : 'process group'}`, async () => {
      const port = await freePort();
      demo = spawn('npm', ['run', 'demo'], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), SFF_DEMO_NO_BUILD: '1', NODE_OPTIONS: '' },
        detached: true, // its own process group, so afterEach can clean up a leftover server
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      demo.stdout!.on('data', (d) => (output += d));
      demo.stderr!.on('data', (d) => (output += d));
      const up = await until(() => listening(port), 45_000);
      expect({ up, output: up ? '' : output }).toEqual({ up: true, output: '' });
      process.kill(target === 'npm' ? demo.pid! : -demo.pid!, signal);
      const down = await until(async () => !(await listening(port)), 5_000);
      expect(down).toBe(true);
    }, 60_000);
  }
});
