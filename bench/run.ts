/**
 * `npm run bench`: runs every bench/*.bench.ts module in name order (each exports
 * `run(): Promise<string>`, a markdown section), prints the sections and writes bench/RESULTS.md.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<string>;
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** Numbers without the machine that produced them mean little: say what it was. */
function machineFacts(): string {
  const cpu = cpus();
  return [
    `- date: ${new Date().toISOString()}`,
    `- cpu: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores visible`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- node: ${process.version} (${process.platform}/${process.arch})`,
  ].join('\n');
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const names = readdirSync(HERE)
    .filter((name) => name.endsWith('.bench.ts') && (filter === undefined || name.includes(filter)))
    .sort();
  const sections: string[] = [];
  let failures = 0;
  for (const name of names) {
    process.stderr.write(`bench: ${name}\n`);
    const started = performance.now();
    let section: string;
    try {
      const module = (await import(pathToFileURL(join(HERE, name)).href)) as BenchModule;
      section = (await module.run()).trim();
    } catch (err) {
      // One broken bench must not hide the others' numbers; the exit code still says it failed.
      failures++;
      section = `## ${name}\n\nFAILED: ${err instanceof Error ? err.message : String(err)}`;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    sections.push(`${section}\n\n_(${name}: ${seconds} s)_`);
    process.stdout.write(`${section}\n\n`);
  }
  const doc = ['# Benchmark results', '', machineFacts(), '', ...sections.flatMap((s) => [s, ''])].join('\n');
  // A filtered run is a partial check: keep the full record in RESULTS.md.
  if (filter === undefined) writeFileSync(join(HERE, 'RESULTS.md'), doc);
  if (failures > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
