/**
 * Peak resident memory of the Chromium renderer processes this process started (the page and its
 * chunk worker share one renderer): VmHWM, the kernel's high-water mark since each started.
 */
import { readFileSync } from 'node:fs';
import { descendants, statusBytes } from './process_tree.js';

const isRenderer = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
  } catch {
    return false; // ended between listing and reading
  }
};

/** Largest VmHWM (bytes) among the renderer processes below this one; 0 if none (or not Linux). */
export function rendererPeakBytes(): number {
  return Math.max(
    0,
    ...descendants(process.pid)
      .filter(isRenderer)
      .map((pid) => statusBytes(pid, 'VmHWM')),
  );
}
