/**
 * Execution-provider choice, made once per runner: WebGPU where the browser hands out an
 * adapter, WASM otherwise. Kept apart from ORT so the decision is testable with a fake `gpu`.
 */
import { UnsupportedBackendError, errorMessage } from './errors.js';

export type BackendPreference = 'auto' | 'webgpu' | 'wasm';

/** The one method of `navigator.gpu` we need. */
export interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

export interface ProviderChoice {
  readonly backend: 'webgpu' | 'wasm';
  /** Why WebGPU is not used, when it was asked for or probed ('auto'). */
  readonly whyNotWebGpu?: string;
}

/** `navigator.gpu` of this thread (window or worker), if any. */
export function defaultGpu(): GpuLike | undefined {
  return (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
}

export async function chooseProvider(preference: BackendPreference, gpu: GpuLike | undefined): Promise<ProviderChoice> {
  if (preference === 'wasm') return { backend: 'wasm' };
  const whyNot = await probeWebGpu(gpu);
  if (whyNot === undefined) return { backend: 'webgpu' };
  if (preference === 'webgpu') throw new UnsupportedBackendError('webgpu', whyNot);
  return { backend: 'wasm', whyNotWebGpu: whyNot };
}

/** undefined when an adapter is available, else the reason there is none. */
async function probeWebGpu(gpu: GpuLike | undefined): Promise<string | undefined> {
  if (gpu === undefined) return 'navigator.gpu is not available';
  try {
    return (await gpu.requestAdapter()) ? undefined : 'no WebGPU adapter';
  } catch (err) {
    return `requestAdapter failed: ${errorMessage(err)}`;
  }
}
