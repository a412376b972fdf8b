// The package's `exports` map is what an integrating Neuroglancer build imports: every entry must
// resolve (by the package's own name, as a dependent would) to a file the build produces.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | { types: string; default: string }>;
};

function resolveByName(specifier: string): string {
  const script = `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cannot resolve ${specifier}: ${run.stderr.trim()}`);
  return fileURLToPath(run.stdout.trim());
}

describe('package exports', () => {
  const entries = Object.entries(pkg.exports).filter(([key]) => !key.includes('*'));

  it.each(entries)('%s resolves to a built file with its types', (key, target) => {
    const file = resolveByName(pkg.name + key.slice(1));
    expect(existsSync(file)).toBe(true);
    if (typeof target !== 'string') {
      expect(file).toBe(path.join(root, target.default));
      expect(existsSync(path.join(root, target.types))).toBe(true);
    }
  });

  it('the worker entries load our backend after the stock chunk worker', () => {
    const chunkWorker = readFileSync(resolveByName(`${pkg.name}/chunk_worker`), 'utf8');
    expect(chunkWorker.indexOf('chunk_worker.bundle.js')).toBeGreaterThanOrEqual(0);
    expect(chunkWorker.indexOf('chunk_worker.bundle.js')).toBeLessThan(chunkWorker.indexOf('./backend.js'));
  });

  it('ships the models and the licence', () => {
    expect(existsSync(resolveByName(`${pkg.name}/models/interp.onnx`))).toBe(true);
    expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toContain('MIT License');
  });
});
