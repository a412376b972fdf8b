import type { FoldDetection } from '../../../../src/core/detection/index.js';
import { makeGray } from '../../../../src/core/image.js';
import {
  detectingProcessor,
  identityProcessor,
  loadSectionProcessor,
  restoringProcessor,
  type SectionRequest,
} from '../../../../src/datasource/sff/pipeline/section_processor.js';

function request(
  data: Uint8Array,
  depth = 1,
  detectSection?: SectionRequest['detectSection'],
  restoreSection?: SectionRequest['restoreSection'],
): SectionRequest {
  return {
    chunk: { data, chunkDataSize: Uint32Array.of(4, 2 / depth, depth) },
    chunkGridPosition: Float32Array.of(0, 0, 3),
    grid: { chunkDataSize: Uint32Array.of(4, 2 / depth, depth), upperVoxelBound: Float32Array.of(4, 2, 7) },
    fetchChunk: () => Promise.reject(new Error('must not fetch neighbours')),
    detectSection: detectSection ?? (() => Promise.reject(new Error('identity must not detect'))),
    restoreSection: restoreSection ?? (() => Promise.reject(new Error('must not restore'))),
  };
}

function fakeDetection(flagged: boolean): FoldDetection {
  return { flagged, score: flagged ? 0.9 : 0, mask: makeGray(4, 2), maskFraction: 0, segments: [], folds: [] };
}

describe('section processors', () => {
  it('identity serves the raw chunk unchanged', async () => {
    const data = Uint8Array.from([0, 1, 2, 3, 250, 251, 252, 253]);
    const served = await identityProcessor.process(request(data), new AbortController().signal);
    expect(served).toBe(data);
    expect([...(served as Uint8Array)]).toEqual([0, 1, 2, 3, 250, 251, 252, 253]);
  });

  it('detect runs detection on every section of the chunk, clipped to the volume, and serves raw pixels', async () => {
    const data = Uint8Array.from([9, 8, 7, 6, 5, 4, 3, 2]);
    const asked: number[] = [];
    // Chunks two sections deep: grid z 3 holds sections 6 and 7, but the volume ends at 7.
    const served = await detectingProcessor.process(
      request(data, 2, async (z) => {
        asked.push(z);
        return fakeDetection(z === 6);
      }),
      new AbortController().signal,
    );
    expect(asked).toEqual([6]);
    expect(served).toBe(data);
  });

  it('detect passes its signal on and fails when detection fails', async () => {
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    const failing = detectingProcessor.process(
      request(new Uint8Array(8), 1, async (_z, signal) => {
        seen = signal;
        throw new Error('detector broke');
      }),
      controller.signal,
    );
    await expect(failing).rejects.toThrow('detector broke');
    expect(seen).toBe(controller.signal);
  });

  it('restore serves flagged sections restored, clean ones raw, and raw when restoration failed', async () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const restoredImage = makeGray(4, 2, Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80]));
    const served = await restoringProcessor.process(
      request(
        data,
        1,
        async () => fakeDetection(true),
        async () => ({ image: restoredImage }),
      ),
      new AbortController().signal,
    );
    expect([...(served as Uint8Array)]).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
    expect([...data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]); // the raw (cached) chunk is not touched

    const clean = await restoringProcessor.process(
      request(data, 1, async () => fakeDetection(false)),
      new AbortController().signal,
    );
    expect(clean).toBe(data);

    const failed = await restoringProcessor.process(
      request(
        data,
        1,
        async () => fakeDetection(true),
        async () => ({ image: null, failure: 'model missing' }),
      ),
      new AbortController().signal,
    );
    expect(failed).toBe(data);
  });

  it('overlays the fold mask of flagged sections when asked, on raw and restored pixels', async () => {
    const data = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const masked = (): FoldDetection => ({
      ...fakeDetection(true),
      mask: makeGray(4, 2, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 1)),
    });
    const detectOnly = { ...request(data, 1, async () => masked()), showMask: true };
    expect([...((await detectingProcessor.process(detectOnly, new AbortController().signal)) as Uint8Array)]).toEqual([
      128, 2, 3, 4, 5, 6, 7, 131,
    ]);
    const restoredImage = makeGray(4, 2, Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80]));
    const restoring = {
      ...request(
        data,
        1,
        async () => masked(),
        async () => ({ image: restoredImage }),
      ),
      showMask: true,
    };
    const served = await restoringProcessor.process(restoring, new AbortController().signal);
    expect([...(served as Uint8Array)]).toEqual([132, 20, 30, 40, 50, 60, 70, 167]);
    const clean = { ...request(data, 1, async () => fakeDetection(false)), showMask: true };
    expect(await detectingProcessor.process(clean, new AbortController().signal)).toBe(data);
  });

  it('loads processors by name', async () => {
    await expect(loadSectionProcessor('identity')).resolves.toBe(identityProcessor);
    await expect(loadSectionProcessor('detect')).resolves.toBe(detectingProcessor);
    await expect(loadSectionProcessor('restore')).resolves.toBe(restoringProcessor);
  });

  it('rejects an unknown processor name with a clear message', async () => {
    await expect(loadSectionProcessor('sharpen' as never)).rejects.toThrow('unknown section processor "sharpen"');
  });
});
