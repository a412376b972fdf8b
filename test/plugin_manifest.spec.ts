/** The plugin manifest must describe the code as it is: versions, scheme, entries, webpack seam. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SffVolumeChunkSourceParameters } from '../src/datasource/sff/base.js';
import { SFF_SCHEME } from '../src/datasource/sff/url.js';

const root = path.resolve(import.meta.dirname, '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const manifest = readJson('plugin-manifest.json');
const pkg = readJson('package.json');

type WebpackConfigFactory = (env: object, argv: { mode: string }) => { plugins: object[] };
interface ReplacementPlugin {
  newResource(resource: { context: string; request: string }): void;
}

function versionTuple(v: string): number[] {
  return v.split('.').map(Number);
}
function compare(a: string, b: string): number {
  const [x, y] = [versionTuple(a), versionTuple(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
/** Only the `>=a <b` form the manifest uses. */
function satisfies(version: string, range: string): boolean {
  const m = /^>=(\S+) <(\S+)$/.exec(range);
  if (m === null) throw new Error(`unsupported range ${range}`);
  return compare(version, m[1]) >= 0 && compare(version, m[2]) < 0;
}

describe('plugin-manifest.json', () => {
  it('matches package.json name, version and the installed neuroglancer', () => {
    expect(manifest.name).toBe(pkg.name);
    expect(manifest.version).toBe(pkg.version);
    expect(satisfies(pkg.dependencies.neuroglancer, manifest.neuroglancer.compatibleVersions)).toBe(true);
    const installed = readJson('node_modules/neuroglancer/package.json').version;
    expect(manifest.neuroglancer.testedVersions).toContain(installed);
    expect(manifest.runtimeDependencies['onnxruntime-web']).toBe(pkg.dependencies['onnxruntime-web']);
  });

  it('names the scheme and shared object ids the code registers', () => {
    expect(manifest.dataSource.scheme).toBe(SFF_SCHEME);
    expect(manifest.dataSource.urlPattern.startsWith(`${SFF_SCHEME}://`)).toBe(true);
    expect(manifest.sharedObjects).toEqual([SffVolumeChunkSourceParameters.RPC_ID]);
  });

  it('points at entry modules that exist', () => {
    for (const entry of Object.values(manifest.entries) as string[]) {
      expect(existsSync(path.join(root, entry))).toBe(true);
    }
    expect(readFileSync(path.join(root, manifest.entries.frontend), 'utf8')).toMatch(/registerProvider\(/);
    expect(readFileSync(path.join(root, manifest.entries.chunkWorker), 'utf8')).toContain("import './backend.js'");
  });

  it('describes the webpack replacement webpack.config.js performs', async () => {
    const [replacement] = manifest.bundler.webpackReplacements;
    // Neuroglancer still requests the module we replace.
    const ngContext = path.join(root, replacement.context);
    expect(readFileSync(path.join(ngContext, 'data_management_context.js'), 'utf8')).toContain(
      `new URL("${replacement.request}", import.meta.url)`,
    );
    const configModule: { default: WebpackConfigFactory } = await import(
      pathToFileURL(path.join(root, 'webpack.config.js')).href
    );
    const config = configModule.default({}, { mode: 'production' });
    const plugin = config.plugins.find((p) => p.constructor.name === replacement.plugin) as ReplacementPlugin;
    const fromNeuroglancer = { context: ngContext, request: replacement.request };
    plugin.newResource(fromNeuroglancer);
    expect(fromNeuroglancer.request).toBe(path.join(root, replacement.replaceWith));
    // Our own import of the stock worker bundle must not be redirected to ourselves.
    const fromUs = { context: path.join(root, 'src/datasource/sff'), request: replacement.request };
    plugin.newResource(fromUs);
    expect(fromUs.request).toBe(replacement.request);
  });

  it('lists model assets under an existing directory', () => {
    expect(existsSync(path.join(root, path.dirname(manifest.assets.models.pattern)))).toBe(true);
  });
});
