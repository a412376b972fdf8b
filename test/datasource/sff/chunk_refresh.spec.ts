import { ChunkState } from 'neuroglancer/unstable/chunk_manager/base.js';
import { type RefreshableChunk, refreshChunks } from '../../../src/datasource/sff/chunk_refresh.js';

interface FakeChunk extends RefreshableChunk {
  name: string;
  freed: number;
}

function chunkIn(name: string, state: ChunkState): FakeChunk {
  return {
    name,
    state,
    freed: 0,
    freeSystemMemory() {
      this.freed++;
    },
  };
}

function recordingQueue(calls: string[]) {
  return {
    freeChunkGPUMemory: (c: FakeChunk) => calls.push(`gpu ${c.name}`),
    freeChunkSystemMemory: (c: FakeChunk) => calls.push(`system ${c.name}`),
    updateChunkState: (c: FakeChunk, state: ChunkState) => {
      calls.push(`state ${c.name} ${ChunkState[state]}`);
      c.state = state;
    },
  };
}

describe('refreshChunks', () => {
  it('expires a drawn chunk on the frontend and queues it, as Neuroglancer evicts one', () => {
    const calls: string[] = [];
    const drawn = chunkIn('a', ChunkState.GPU_MEMORY);
    expect(refreshChunks(recordingQueue(calls), [drawn], () => true)).toBe(1);
    expect(calls).toEqual(['gpu a', 'system a', 'state a QUEUED']);
  });

  it('cancels a download in flight so that its outcome is ignored', () => {
    const calls: string[] = [];
    const downloading = chunkIn('d', ChunkState.DOWNLOADING);
    const controller = new AbortController();
    downloading.downloadAbortController = controller;
    refreshChunks(recordingQueue(calls), [downloading], () => true);
    expect(controller.signal.aborted).toBe(true);
    expect(downloading.downloadAbortController).toBeUndefined();
    expect(downloading.state).toBe(ChunkState.QUEUED);
  });

  it("drops the worker's copy of a chunk not yet sent", () => {
    const calls: string[] = [];
    const held = chunkIn('w', ChunkState.SYSTEM_MEMORY_WORKER);
    refreshChunks(recordingQueue(calls), [held], () => true);
    expect(held.freed).toBe(1);
    expect(calls).toEqual(['state w QUEUED']);
  });

  it('leaves chunks outside the cover, and chunks with nothing served, alone', () => {
    const calls: string[] = [];
    const chunks = [
      chunkIn('in', ChunkState.SYSTEM_MEMORY),
      chunkIn('out', ChunkState.GPU_MEMORY),
      chunkIn('queued', ChunkState.QUEUED),
      chunkIn('failed', ChunkState.FAILED),
    ];
    const count = refreshChunks(recordingQueue(calls), chunks, (c) => c.name !== 'out');
    expect(count).toBe(1);
    expect(calls).toEqual(['system in', 'state in QUEUED']);
    expect(chunks[1].state).toBe(ChunkState.GPU_MEMORY);
  });
});
