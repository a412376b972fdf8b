import { identityProcessor, loadSectionProcessor, type SectionRequest } from '../../src/layer/section_processor.js';

function request(data: Uint8Array): SectionRequest {
  return {
    chunk: { data, chunkDataSize: Uint32Array.of(4, 2, 1) },
    chunkGridPosition: Float32Array.of(0, 0, 3),
    grid: { chunkDataSize: Uint32Array.of(4, 2, 1), upperVoxelBound: Float32Array.of(4, 2, 20) },
    fetchChunk: () => Promise.reject(new Error('identity must not fetch neighbours')),
  };
}

describe('section processors', () => {
  it('identity serves the raw chunk unchanged', async () => {
    const data = Uint8Array.from([0, 1, 2, 3, 250, 251, 252, 253]);
    const served = await identityProcessor.process(request(data), new AbortController().signal);
    expect(served).toBe(data);
    expect([...(served as Uint8Array)]).toEqual([0, 1, 2, 3, 250, 251, 252, 253]);
  });

  it('loads processors by name', async () => {
    await expect(loadSectionProcessor('identity')).resolves.toBe(identityProcessor);
  });

  it('rejects an unknown processor name with a clear message', async () => {
    await expect(loadSectionProcessor('restore' as never)).rejects.toThrow('unknown section processor "restore"');
  });
});
