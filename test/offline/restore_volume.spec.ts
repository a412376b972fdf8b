/**
 * `restoreVolume` with stand-in models on a small volume of real tissue: what is copied, what is
 * regenerated, resume after an interruption, and what is refused.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { psnr } from '../../src/core/metrics/index.js';
import { downsample2x2, readInfo, readScale, type Vec3 } from '../../src/io/precomputed/index.js';
import { partialDirOf, restoreVolume, VOLUME_REPORT, type VolumeRestoreOptions } from '../../src/offline/index.js';
import { tempDir } from '../io/precomputed/helpers.js';
import { fakeRunner } from '../restoration/fake_models.js';
import { foldedStack, writeVolume } from './fixtures.js';

const CHUNK: Vec3 = [128, 128, 2];
const { sections } = foldedStack(0, 8, [2, 5]);

function settings(extra: Partial<VolumeRestoreOptions> = {}): VolumeRestoreOptions {
  const runner = fakeRunner({ shift: 2, reach: 40 });
  return { detect: true, force: new Set(), runner: async () => runner, ...extra };
}

/** Every file under dir, relative path → bytes. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.set(path.slice(dir.length + 1), readFileSync(path));
    }
  }
  return out;
}

describe('restoreVolume', () => {
  let dir: string;
  let source: string;
  beforeEach(async () => {
    dir = tempDir('restore-volume');
    source = join(dir, 'source');
    await writeVolume(source, sections, CHUNK);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies clean slabs as stored, restores every scale of slabs with a restored section at its own scale', async () => {
    const out = join(dir, 'out');
    const result = await restoreVolume(source, out, settings());
    expect(result.records.filter((r) => r.restored).map((r) => r.z)).toEqual([2, 5]);
    expect([result.copiedSlabs, result.writtenSlabs, result.resumedAt]).toEqual([2, 2, 0]);
    expect(readFileSync(join(out, 'info'))).toEqual(readFileSync(join(source, 'info')));
    const info = readInfo(out);
    const [base, half] = [readScale(out, info, 0), readScale(out, info, 1)];
    base.forEach((section, z) =>
      z === 2 || z === 5 ? expect(section).not.toEqual(sections[z]) : expect(section).toEqual(sections[z]),
    );
    const sourceHalf = readScale(source, info, 1);
    half.forEach((section, z) => {
      if (z !== 2 && z !== 5) return expect(section).toEqual(sourceHalf[z]);
      // Restored at its own scale, block by block: what downsampling the restored base shows, nearly.
      expect(section).not.toEqual(sourceHalf[z]);
      expect(psnr(section, downsample2x2(base[z]))).toBeGreaterThan(psnr(sourceHalf[z], downsample2x2(base[z])) + 3);
    });
    // Slab 0–2 had nothing to restore: its chunk files are the source's, byte for byte.
    const [src, dst] = [files(source), files(out)];
    for (const [path, bytes] of src)
      if (path.endsWith('_0-2') || path.endsWith('_6-8')) expect(dst.get(path)).toEqual(bytes);
    expect([...dst.keys()].filter((p) => !src.has(p))).toEqual([VOLUME_REPORT]);
    expect(JSON.parse(readFileSync(join(out, VOLUME_REPORT), 'utf8')).sections).toHaveLength(8);
    expect(existsSync(partialDirOf(out))).toBe(false);
  });

  it('continues an interrupted run where it stopped, and ends with the same volume as an uninterrupted one', async () => {
    const whole = join(dir, 'whole');
    await restoreVolume(source, whole, settings());
    const out = join(dir, 'out');
    const abort = new AbortController();
    const stopAfterTwoSlabs = (done: number): void => (done === 4 ? abort.abort(new Error('interrupted')) : undefined);
    await expect(
      restoreVolume(source, out, settings({ signal: abort.signal, onSlab: stopAfterTwoSlabs })),
    ).rejects.toThrow('interrupted');
    expect(existsSync(out)).toBe(false); // not declared complete
    expect(JSON.parse(readFileSync(join(partialDirOf(out), 'progress.json'), 'utf8')).done).toBe(4);
    const seen: number[] = [];
    const resumed = await restoreVolume(source, out, settings({ onSlab: (done) => seen.push(done) }));
    expect(resumed.resumedAt).toBe(4);
    expect(seen).toEqual([6, 8]);
    const [a, b] = [files(whole), files(out)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [path, bytes] of a) if (path !== VOLUME_REPORT) expect(b.get(path)).toEqual(bytes);
    const withoutMs = (text: Buffer) =>
      JSON.parse(text.toString()).sections.map(({ ms: _ms, ...rest }: { ms: number }) => rest);
    expect(withoutMs(b.get(VOLUME_REPORT)!)).toEqual(withoutMs(a.get(VOLUME_REPORT)!));
    // Two whole restores of the volume: about 60 s on a loaded 2-core machine.
  }, 180_000);

  it('starts afresh when the unfinished output belongs to another run', async () => {
    const out = join(dir, 'out');
    const abort = new AbortController();
    await expect(
      restoreVolume(source, out, settings({ signal: abort.signal, onSlab: () => abort.abort(new Error('stop')) })),
    ).rejects.toThrow('stop');
    const result = await restoreVolume(source, out, settings({ detect: false, force: new Set([5]) }));
    expect(result.resumedAt).toBe(0);
    expect(result.records.filter((r) => r.restored).map((r) => r.z)).toEqual([5]);
  });

  it('refuses to write over or inside the source, and over a directory that is not ours', async () => {
    await expect(restoreVolume(source, source, settings())).rejects.toThrow(/would write over the source/);
    await expect(restoreVolume(source, join(source, 'fixed'), settings())).rejects.toThrow(
      /would write over the source/,
    );
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    await expect(restoreVolume(source, foreign, settings())).rejects.toThrow(/exists and is not an sff restore output/);
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
    expect(readdirSync(dir).sort()).toEqual(['foreign', 'source']);
  });

  it('refuses volumes it cannot correct: not uint8, scales of another chunk depth, too few sections', async () => {
    const info = JSON.parse(readFileSync(join(source, 'info'), 'utf8'));
    writeFileSync(join(source, 'info'), JSON.stringify({ ...info, data_type: 'float32' }));
    await expect(restoreVolume(source, join(dir, 'a'), settings())).rejects.toThrow(
      /data_type "float32" is not supported \(only uint8\)/,
    );
    info.scales[1].chunk_sizes = [[128, 128, 1]];
    writeFileSync(join(source, 'info'), JSON.stringify(info));
    await expect(restoreVolume(source, join(dir, 'b'), settings())).rejects.toThrow(
      /scale \S+ has chunks 1 sections deep, the base 2/,
    );
    const thin = join(dir, 'thin');
    await writeVolume(thin, sections.slice(0, 2), CHUNK);
    await expect(restoreVolume(thin, join(dir, 'c'), settings())).rejects.toThrow(
      /has 2 sections; restoration needs at least 3/,
    );
    await expect(restoreVolume(source.replace('source', 'absent'), join(dir, 'd'), settings())).rejects.toThrow(
      /not a precomputed volume/,
    );
    expect(readdirSync(dir).sort()).toEqual(['source', 'thin']);
  });
});
