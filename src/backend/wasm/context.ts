import type { DType } from '../../engine/dtype.js';
import type { Shape } from '../../engine/shape.js';
import { sizeOf } from '../../engine/shape.js';
import type { Allocator } from './allocator.js';
import type { KernelCall, WasmExports } from './exports.js';
import { runCall } from './exports.js';
import type { HandleTracker, WasmHandle } from './handle.js';

/** Bytes per element of each dtype in wasm memory (bool is one byte, 0 or 1). */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'float32' || dtype === 'int32' ? 4 : 1;
}

/**
 * Runs the parts of a split kernel concurrently (the worker pool): `run` blocks until all are done and
 * runs part 0 (and any part beyond the workers) on the calling thread through `local`.
 */
export interface ParallelRunner {
  readonly threads: number;
  run(calls: readonly KernelCall[], local: (call: KernelCall) => void): void;
}

/** Bytes reserved for kernel argument blocks (shape/stride descriptors). */
export const ARG_BYTES = 4096;

/**
 * Default work per part before a kernel is split: 2^21 multiply-adds is ~100-150 µs of gemm on one
 * core, comfortably above a pool round trip (~15-80 µs measured on a shared 2-vCPU VM, where splits
 * below ~2^22 multiply-adds in total were slower than one thread). Small calls, and so batch-1
 * inference, stay on the calling thread.
 */
export const DEFAULT_MIN_WORK_PER_PART = 1 << 21;

/**
 * The one kernel context: everything a kernel wrapper (`kernels/<family>.ts`) needs. One per backend
 * instance:
 *   - `exports`: the instance's exports, typed (`WasmExports`);
 *   - `output(out)`: a new tracked `WasmHandle` for the output; `alloc(bytes)`/`free(ptr)` for scratch
 *     (16-byte aligned; free it in a `finally`);
 *   - `args(words)`: a reusable block for a descriptor (overwritten by the next call);
 *   - `threads`, `minWorkPerPart` and `runCalls(calls)`: how the split kernels (conv, pool, matmul,
 *     relu/reluGrad, Adam) run their parts, through `runner` (the worker pool) when there is one.
 *
 * JS runs on one thread; only the calls of `runCalls` run in parallel. Views (`f32`, `i32`, `u8`) are
 * made fresh from `memory.buffer` on every call and must not be kept across an allocation (the memory
 * may grow, which replaces the buffer).
 */
export class WasmContext {
  /** The worker pool the split kernels use; null = single-threaded. */
  runner: ParallelRunner | null = null;
  /**
   * The work (multiply-adds; a pooling tap counts 8, an elementwise element 6) each part of a split
   * kernel must have before the work is split further; 1 splits every call with more than one unit.
   */
  minWorkPerPart = DEFAULT_MIN_WORK_PER_PART;
  private readonly local = (call: KernelCall): void => runCall(this.exports, call);

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly exports: WasmExports,
    readonly allocator: Allocator,
    readonly tracker: HandleTracker,
    /** Start of the argument block (ARG_BYTES bytes, 16-aligned), reused by every call. */
    readonly argPtr: number,
  ) {}

  /** Threads the split kernels may use now (1 without a runner). */
  get threads(): number {
    return this.runner?.threads ?? 1;
  }

  /**
   * Runs independent calls (the parts of one split kernel, writing disjoint memory): on the worker
   * pool when there are several and a pool, else one after the other on this thread, in order.
   */
  runCalls(calls: readonly KernelCall[]): void {
    const runner = this.runner;
    if (calls.length > 1 && runner) {
      runner.run(calls, this.local);
      return;
    }
    for (const c of calls) this.local(c);
  }

  /** A new tracked handle for `bytes` bytes (contents undefined; the kernel must write all of it). */
  newHandle(bytes: number): WasmHandle {
    return this.tracker.track(this.allocator.alloc(bytes), bytes);
  }

  /** A new tracked handle sized for a tensor of `shape` and `dtype`. */
  output(spec: { readonly shape: Shape; readonly dtype: DType }): WasmHandle {
    return this.newHandle(sizeOf(spec.shape) * bytesPerElement(spec.dtype));
  }

  /** Short-lived scratch (at least 16 bytes, 16-byte aligned): allocate, then free it yourself in a `finally`. */
  alloc(bytes: number): number {
    return this.allocator.alloc(bytes);
  }
  free(ptr: number): void {
    this.allocator.free(ptr);
  }

  /** Writes i32 words into a fresh allocation (geometry blocks that worker parts read); the caller frees it. */
  allocI32(values: readonly number[]): number {
    const ptr = this.alloc(values.length * 4);
    this.i32(ptr, values.length).set(values);
    return ptr;
  }

  /** Writes i32 words into the argument block and returns its pointer (overwritten by the next call). */
  args(words: readonly number[]): number {
    if (words.length * 4 > ARG_BYTES) throw new Error(`wasm backend: argument block of ${words.length} words is too large (at most ${ARG_BYTES / 4})`);
    new Int32Array(this.memory.buffer, this.argPtr, words.length).set(words);
    return this.argPtr;
  }

  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }
  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }
  u8(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, length);
  }
}
