/**
 * onnxruntime-web reads its thread count once per process, so a bench measures each thread count
 * in a forked child of its own module: the parent calls `measureInChild`, the module's top level
 * calls `answerAsChild`, which only acts inside such a child.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function measureInChild<Row>(moduleUrl: string, envName: string, threads: number): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(moduleUrl), {
      env: { ...process.env, [envName]: String(threads) },
      execArgv: ['--import', 'tsx'],
    });
    child.once('message', (rows) => resolve(rows as Row[]));
    child.once('error', reject);
    child.once(
      'exit',
      (code) =>
        code !== 0 &&
        reject(new Error(`bench child ${fileURLToPath(moduleUrl)} (${threads} threads) exited with ${code}`)),
    );
  });
}

export function answerAsChild<Row>(envName: string, measure: (threads: number) => Promise<Row[]>): void {
  const threads = process.env[envName];
  if (threads === undefined || process.send === undefined) return;
  const send = process.send.bind(process);
  measure(Number(threads)).then((rows) => send(rows, () => process.exit(0)));
}
