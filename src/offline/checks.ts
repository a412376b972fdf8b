/** Input checks shared by the offline commands: one clear message, before anything is written. */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { OfflineError } from './errors.js';

/** Restoration needs a section and clean neighbours: fewer than three sections cannot work. */
export const MIN_SECTIONS = 3;

export function checkDepth(depth: number, what: string): void {
  if (depth < MIN_SECTIONS)
    throw new OfflineError(
      `${what} has ${depth} section${depth === 1 ? '' : 's'}; restoration needs at least ${MIN_SECTIONS}`,
    );
}

export function checkForced(force: ReadonlySet<number>, depth: number): void {
  for (const z of force) {
    if (!Number.isInteger(z) || z < 0 || z >= depth)
      throw new OfflineError(`--sections: section ${z} is outside 0..${depth - 1}`);
  }
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
function realish(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : resolve(realish(parent), relative(parent, abs));
}

const inside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** The source is never modified: refuse an output at, inside or around it. */
export function checkNotSource(source: string, out: string): void {
  const [s, o] = [realish(source), realish(out)];
  if (inside(o, s) || inside(s, o))
    throw new OfflineError(`--out ${out} would write over the source ${source}; choose another output`);
}
