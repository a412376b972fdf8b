/**
 * Peak resident memory of the Chromium renderer processes this process started (the page and its
 * chunk worker share one renderer): VmHWM from /proc, the kernel's high-water mark since each
 * process started. Linux only; 0 elsewhere.
 */
import { readFileSync } from 'node:fs';

function children(pid: number): number[] {
  try {
    const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return tasks.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function descendants(pid: number): number[] {
  const out: number[] = [];
  for (const child of children(pid)) out.push(child, ...descendants(child));
  return out;
}

/** Largest VmHWM (bytes) among the renderer processes below this one. */
export function rendererPeakBytes(): number {
  let peak = 0;
  for (const pid of descendants(process.pid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return peak;
}
