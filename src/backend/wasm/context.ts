import type { DType } from '../../engine/dtype.js';
import type { Shape } from '../../engine/shape.js';
import { sizeOf } from '../../engine/shape.js';
import type { Allocator } from './allocator.js';
import type { HandleTracker, WasmHandle } from './handle.js';
import type { KernelCall } from './kernels/context.js';

/** A kernel export: every argument is an i32 (pointer or size) or f32/f64 scalar; returns a number or nothing. */
export type KernelFn = (...args: number[]) => number;

/** Bytes per element of each dtype in wasm memory (bool is one byte, 0 or 1). */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'float32' || dtype === 'int32' ? 4 : 1;
}

/**
 * Runs the parts of a split kernel concurrently (the worker pool): `run` blocks until all are done and
 * runs part 0 on the calling thread through `local`.
 */
export interface ParallelRunner {
  readonly threads: number;
  run(calls: readonly KernelCall[], local: (call: KernelCall) => void): void;
}

/** Bytes reserved for kernel argument blocks (shape/stride descriptors, geometry records). */
export const ARG_BYTES = 4096;

/**
 * Everything a kernel wrapper (`kernels/*.ts`) needs: the instance's exports by name, the allocator,
 * handle creation and short-lived typed-array views. One context per backend instance. JS runs on one
 * thread; only the split vision kernels run in parallel, through `runner` (the worker pool, if any).
 *
 * Views (`f32`, `i32`, `u8`) are made fresh from `memory.buffer` on every call and must not be kept
 * across an allocation (the memory may grow, which replaces the buffer).
 */
export class WasmContext {
  private readonly fns = new Map<string, KernelFn>();
  /** The worker pool the split kernels use; null = single-threaded. */
  runner: ParallelRunner | null = null;
  /** Override of the split kernels' per-part work threshold (undefined = each wrapper's default). */
  minWorkPerPart: number | undefined = undefined;

  constructor(
    readonly memory: WebAssembly.Memory,
    private readonly exports: WebAssembly.Exports,
    readonly allocator: Allocator,
    readonly tracker: HandleTracker,
    /** Start of the argument block (ARG_BYTES bytes, 16-aligned), reused by every call. */
    readonly argPtr: number,
  ) {}

  /** Threads the split kernels may use now (1 without a runner). */
  get threads(): number {
    return this.runner?.threads ?? 1;
  }

  /** The exported kernel `name`; throws if the module has no such function. */
  kernel(name: string): KernelFn {
    let fn = this.fns.get(name);
    if (fn) return fn;
    const v = this.exports[name];
    if (typeof v !== 'function') throw new Error(`wasm backend: the module exports no kernel '${name}'`);
    // Exported wasm functions take and return numbers (i32/f32/f64 here); this is the one FFI cast.
    fn = v as KernelFn;
    this.fns.set(name, fn);
    return fn;
  }

  /** True when the module exports `name` (lets wrappers pick optional kernels). */
  has(name: string): boolean {
    return typeof this.exports[name] === 'function';
  }

  /** A new tracked handle for `bytes` bytes (contents undefined; the kernel must write all of it). */
  newHandle(bytes: number): WasmHandle {
    return this.tracker.track(this.allocator.alloc(bytes), bytes);
  }

  /** Wraps a block this context allocated (`alloc`) in a tracked handle that now owns it. */
  adopt(ptr: number, bytes: number): WasmHandle {
    return this.tracker.track(ptr, bytes);
  }

  /** A new tracked handle sized for a tensor of `shape` and `dtype`. */
  output(spec: { readonly shape: Shape; readonly dtype: DType }): WasmHandle {
    return this.newHandle(sizeOf(spec.shape) * bytesPerElement(spec.dtype));
  }

  /** Short-lived scratch: allocate, then free it yourself in a `finally`. */
  alloc(bytes: number): number {
    return this.allocator.alloc(bytes);
  }
  free(ptr: number): void {
    this.allocator.free(ptr);
  }

  /** Writes i32 words into the argument block and returns its pointer (overwritten by the next call). */
  args(words: readonly number[]): number {
    if (words.length * 4 > ARG_BYTES) throw new Error(`wasm backend: argument block of ${words.length} words is too large`);
    const view = new Int32Array(this.memory.buffer, this.argPtr, words.length);
    for (let i = 0; i < words.length; i++) view[i] = words[i]!;
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
