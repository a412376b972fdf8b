/**
 * Messages between a ModelRunner and the worker that runs its nets (nets_worker.ts). Pure types and
 * the error's round trip: an SffError keeps its kind and message across the thread boundary.
 */
import { SffError, type SffErrorKind } from '../core/errors.js';
import type { Backend, ModelInfo, Tensors } from './model_runner.js';
import type { BackendPreference } from './provider.js';

export type NetsRequest =
  | {
      id: number;
      type: 'create';
      /** Model name → URL of its .onnx (the worker fetches it). */
      models: [string, string][];
      backend: BackendPreference;
      numThreads: number;
    }
  | { id: number; type: 'info'; model: string }
  | { id: number; type: 'run'; model: string; inputs: Tensors }
  /** The caller of run `target` stopped waiting: skip it if it is still queued. */
  | { id: number; type: 'cancel'; target: number }
  | { id: number; type: 'dispose' };

/** What every reply carries: the backend may fall back from WebGPU to WASM during any call. */
export interface RunnerState {
  backend: Backend;
  describe: string;
}

export interface SentError {
  kind?: SffErrorKind;
  message: string;
}

export type NetsReply =
  | ({ id: number; ok: true; info?: ModelInfo; outputs?: Tensors } & RunnerState)
  | { id: number; ok: false; error: SentError };

export function sendError(err: unknown): SentError {
  if (err instanceof SffError) return { kind: err.kind, message: err.message };
  return { message: err instanceof Error ? err.message : String(err) };
}

export function receivedError(error: SentError): Error {
  return error.kind === undefined ? new Error(error.message) : new SffError(error.kind, error.message);
}

/** The buffers `tensors` own whole, to transfer rather than copy (a view into a larger buffer is copied). */
export function buffersOf(tensors: Tensors): ArrayBuffer[] {
  return (
    Object.values(tensors)
      .map((t) => t.data)
      // By tag, not instanceof: a SharedArrayBuffer cannot be transferred, and realms differ (tests).
      .filter((d) => isArrayBuffer(d.buffer) && d.byteOffset === 0 && d.byteLength === d.buffer.byteLength)
      .map((d) => d.buffer as ArrayBuffer)
  );
}

const isArrayBuffer = (b: ArrayBufferLike): boolean => Object.prototype.toString.call(b) === '[object ArrayBuffer]';
