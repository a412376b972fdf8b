/**
 * A command run under GNU time (`/usr/bin/time -v`) for its wall time and peak resident memory,
 * with a time limit and a memory limit (the machine is shared: a command that grows past it is
 * stopped before it starves everyone else). A failure is an outcome, not an exception: benches
 * report it as a row.
 */
import { spawn } from 'node:child_process';
import { descendants, statusBytes } from './process_tree.js';

export interface RunLimits {
  seconds: number;
  /** Resident memory of the command and its children together. */
  rssBytes: number;
}

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

export function timedRun(command: string, args: readonly string[], limits: RunLimits): Promise<TimedRun> {
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
    let stopped: string | undefined;
    let seenPeak = 0;
    const stop = (why: string): void => {
      stopped ??= why;
      // The command and what it started, not `time`: it still reports the peak of what it waited for.
      for (const pid of descendants(child.pid!)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    };
    const timer = setTimeout(() => stop(`stopped after ${limits.seconds} s`), limits.seconds * 1000);
    const watch = setInterval(() => {
      const rss = descendants(child.pid!).reduce((n, pid) => n + statusBytes(pid, 'VmRSS'), 0);
      seenPeak = Math.max(seenPeak, rss);
      if (rss > limits.rssBytes) stop(`stopped at ${(rss / 2 ** 30).toFixed(1)} GB resident (limit)`);
    }, 1000);
    const done = (): void => {
      clearTimeout(timer);
      clearInterval(watch);
    };
    child.once('error', (err) => {
      done();
      resolve({ ok: false, seconds: 0, peakRssBytes: 0, failure: err.message });
    });
    child.once('close', (code) => {
      done();
      const report = parseTimeReport(stderr);
      // Sampled each second: a floor for the true peak when time could not report one.
      report.peakRssBytes ||= seenPeak;
      const seconds = report.seconds ?? (performance.now() - started) / 1000;
      if (stopped !== undefined) {
        resolve({ ok: false, seconds, peakRssBytes: report.peakRssBytes, failure: stopped });
      } else if (code !== 0 || (report.exitStatus ?? 0) !== 0) {
        resolve({ ok: false, seconds, peakRssBytes: report.peakRssBytes, failure: lastOwnLine(stderr) });
      } else {
        resolve({ ok: true, seconds, peakRssBytes: report.peakRssBytes });
      }
    });
  });
}
