/** A progress bar for long CLI work, shared by the sub-commands. */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/**
 * Draws `label [bar] done/total unit | eta` on stderr, so stdout stays clean for results. Stays
 * silent (a no-op) when stderr is not a terminal: logs, pipes and tests get no control codes.
 */
export function startProgress(
  label: string,
  total: number,
  unit = 'items',
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {value}/{total} ${unit} | {eta_formatted} left`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
