/**
 * A command run under GNU time (`/usr/bin/time -v`) for its wall time and peak resident memory,
 * with a time limit. A failure is an outcome, not an exception: benches report it as a row.
 */
import { spawn } from 'node:child_process';

export interface TimedRun {
  ok: boolean;
  seconds: number;
  /** Peak resident set size of the command (and its waited-for children), bytes; 0 if unknown. */
  peakRssBytes: number;
  /** When it failed: its last line of stderr, or why it was stopped. */
  failure?: string;
}

/** Fields of `time -v`'s report (its last lines on stderr). */
export function parseTimeReport(stderr: string): { peakRssBytes: number; seconds?: number; exitStatus?: number } {
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(stderr);
  const status = /Exit status: (\d+)/.exec(stderr);
  const seconds = wall?.[1].split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return {
    peakRssBytes: rss ? Number(rss[1]) * 1024 : 0,
    seconds,
    exitStatus: status ? Number(status[1]) : undefined,
  };
}

/** The command's own last stderr line before time's report (its `sff: …` message). */
function lastOwnLine(stderr: string): string {
  const own = stderr.split(/\r?\n|\r/).map((l) => l.trim());
  const reportStart = own.findIndex((l) => l.startsWith('Command being timed:') || l.startsWith('Command exited'));
  const lines = (reportStart >= 0 ? own.slice(0, reportStart) : own).filter((l) => l !== '');
  return lines[lines.length - 1] ?? 'no message';
}

export function timedRun(command: string, args: readonly string[], limitSeconds: number): Promise<TimedRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    // Its own process group, so the limit stops the command and everything it started.
    const child = spawn('/usr/bin/time', ['-v', command, ...args], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      // Keep the tail: a progress bar or a chatty log must not grow without bound.
      stderr = (stderr + text).slice(-64 * 1024);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, limitSeconds * 1000);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, seconds: 0, peakRssBytes: 0, failure: err.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const report = parseTimeReport(stderr);
      const seconds = report.seconds ?? (performance.now() - started) / 1000;
      if (timedOut) {
        resolve({ ok: false, seconds, peakRssBytes: report.peakRssBytes, failure: `stopped after ${limitSeconds} s` });
      } else if (code !== 0 || (report.exitStatus ?? 0) !== 0) {
        resolve({ ok: false, seconds, peakRssBytes: report.peakRssBytes, failure: lastOwnLine(stderr) });
      } else {
        resolve({ ok: true, seconds, peakRssBytes: report.peakRssBytes });
      }
    });
  });
}
