/**
 * The WebAssembly backend: SIMD128 kernels (plus an FMA build for engines with relaxed SIMD) over one
 * shared linear memory managed from JS. Tensors' elements live in wasm memory for their whole life;
 * only `fromArray` and `read` copy between JS and wasm.
 *
 * Not registered on import: call `await initWasmBackend()` (registers it and makes it current) or
 * `createWasmBackend()` + `registerBackend`. See README.md in this folder for builds and memory.
 */
import type { DType, TypedArray } from '../../engine/dtype.js';
import { allocArray, arrayMatchesDType } from '../../engine/dtype.js';
import type { Backend, DataDependentResult, DataHandle, KernelArg, OutSpec } from '../../engine/backend.js';
import type { DataDependentPrimitive, InputsOf, Primitive, PrimitiveAttrs, ShapedPrimitive } from '../../engine/primitives.js';
import { registerBackend, setBackend } from '../../engine/registry.js';
import type { AllocatorStats } from './allocator.js';
import { ALIGN, Allocator, PAGE_BYTES } from './allocator.js';
import { ARG_BYTES, DEFAULT_MIN_WORK_PER_PART, WasmContext, bytesPerElement } from './context.js';
import { wasmExports } from './exports.js';
import { HandleTracker, wasmHandle } from './handle.js';
import type { WasmDataKernel, WasmKernel } from './kernel.js';
import type { WasmBuild, WasmBuildChoice } from './loader.js';
import { MAXIMUM_PAGES, chooseBuild, compileBuild, compileBuildSync, createMemory, instantiate, instantiateSync } from './loader.js';
import type { WasmFeatures } from './probe.js';
import { probeFeatures } from './probe.js';
import { availableCores, canBlock, noticeOnce, whyNoThreads } from './pool/environment.js';
import { WorkerPool } from './pool/pool.js';
import { wasmDataKernels, wasmKernels } from './table.js';
import { hostCollector } from './gc.js';
import type { HostCollector } from './gc.js';

export { WasmHandle } from './handle.js';
export { enableRelaxedSimd, probeFeatures } from './probe.js';
export type { WasmFeatures } from './probe.js';
export type { WasmBuild, WasmBuildChoice } from './loader.js';
export type { AllocatorStats } from './allocator.js';
export { DEFAULT_MIN_WORK_PER_PART } from './context.js';

export interface WasmBackendOptions {
  /** Which module to run: 'auto' (default; relaxed when available) unless STRIATE_WASM_BUILD says otherwise. */
  build?: WasmBuildChoice;
  /**
   * Threads for the heavy kernels (gemm, conv, pooling): this thread plus `threads - 1` workers.
   * Default: the available cores (`os.availableParallelism()` / `navigator.hardwareConcurrency`).
   * 1 starts no workers. Falls back to 1 (with a one-time console.warn) where workers cannot be used:
   * no shared memory, or a browser's main thread (see README.md, "Threads").
   */
  threads?: number;
  /** Explicit URL (or file: URL string) of the .wasm file, for bundlers that move it. */
  wasmUrl?: string | URL;
  /**
   * Tuning/testing: the work (multiply-adds, or window taps for pooling) each thread's part must have
   * before a kernel is split further. Default DEFAULT_MIN_WORK_PER_PART (2^21). 1 splits every call
   * that has more than one unit of work.
   */
  minWorkPerPart?: number;
  /** Explicit URL of the pool's worker script (dist/src/backend/wasm/pool/worker.js), for bundlers. */
  workerUrl?: string | URL;
  /**
   * Whether to use shared memory (needed for threads). Default: where the host can make it (Node;
   * cross-origin-isolated pages). Without it the `-unshared` module runs on one thread, with a
   * one-time notice when more threads were asked for. `false` forces that path (tests).
   */
  sharedMemory?: boolean;
  /**
   * Memory tuning: the growth of live bytes (default 128 MiB) below which the backend never asks the
   * host for a collection to get the memory of unreachable tensors back (above it, at most half the
   * memory or 256 MiB). Lower means a smaller footprint and more collections (~5-9 ms each).
   */
  minReclaimBytes?: number;
}

/** Backend whose handles point into one shared `WebAssembly.Memory`. */
export class WasmBackend implements Backend {
  readonly name = 'wasm';
  /** Stores every dtype; a kernel without a dtype (e.g. int32 conv2d) throws MissingKernelError 'no int32 kernel'. */
  readonly dtypes: readonly DType[] = ['float32', 'int32', 'uint8', 'bool'];
  /** Every primitive has a kernel (the tables are exhaustive). */
  readonly unsupported: Partial<Record<Primitive, string>> = {};

  constructor(
    private readonly ctx: WasmContext,
    /** Which module is running. */
    readonly build: WasmBuild,
    /** What the probe found when the backend was created. */
    readonly features: WasmFeatures,
    private pool: WorkerPool | null = null,
    /** Whether the memory is shared (threads possible) or ordinary (one thread). */
    readonly sharedMemory = true,
  ) {}

  /** Threads the heavy kernels use now (1 after `terminate`). */
  get threads(): number {
    return this.ctx.threads;
  }

  /** Kernel calls so far that ran split across the worker pool (0 without a pool). */
  get parallelJobs(): number {
    return this.pool?.jobs ?? 0;
  }

  /**
   * Stops the worker pool; the backend keeps working single-threaded. Workers never keep a Node
   * process alive (they are unref'd), so calling this is optional; tests use it.
   */
  async terminate(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    this.ctx.runner = null;
    if (pool) await pool.terminate();
  }

  /** Copies `data` into wasm memory (the caller keeps its array). */
  fromArray(data: TypedArray, dtype: DType): DataHandle {
    if (!arrayMatchesDType(data, dtype)) throw new Error(`wasm backend: array does not hold ${dtype} elements`);
    const h = this.ctx.newHandle(data.byteLength);
    this.ctx.u8(h.ptr, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return h;
  }

  /** A fresh copy of the elements (safe to keep and modify). */
  read(handle: DataHandle, dtype: DType): TypedArray {
    const h = wasmHandle(handle);
    const n = h.byteLength / bytesPerElement(dtype);
    const out = allocArray(dtype, n);
    out.set(dtype === 'float32' ? this.ctx.f32(h.ptr, n) : dtype === 'int32' ? this.ctx.i32(h.ptr, n) : this.ctx.u8(h.ptr, n));
    return out;
  }

  /** The same copy as `read` (the wasm backend computes synchronously). */
  readAsync(handle: DataHandle, dtype: DType): Promise<TypedArray> {
    return Promise.resolve(this.read(handle, dtype));
  }

  run<P extends ShapedPrimitive>(prim: P, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], out: OutSpec): DataHandle {
    const kernel: WasmKernel<P> = wasmKernels[prim];
    return kernel(this.ctx, inputs, attrs, out);
  }

  /** Runs the kernel synchronously: the count, the exact output and its shape come back at once. */
  runDataDependent<P extends DataDependentPrimitive>(prim: P, inputs: InputsOf<P, KernelArg>, attrs: PrimitiveAttrs[P], _dtype: DType): DataDependentResult {
    const kernel: WasmDataKernel<P> = wasmDataKernels[prim];
    const r = kernel(this.ctx, inputs, attrs);
    return { handle: r.handle, shape: [...r.shape] };
  }

  /** Frees a handle's memory now (see `Backend.release`). */
  release(handle: DataHandle): void {
    this.ctx.tracker.release(wasmHandle(handle));
  }

  /** Allocator counters (bytes live/free, memory size, growth count). */
  memoryStats(): AllocatorStats {
    return this.ctx.allocator.stats();
  }

  /** The shared memory (for tests and tools; views of it are invalidated by growth). */
  get memory(): WebAssembly.Memory {
    return this.ctx.memory;
  }
}

/** Probes the engine, picks and instantiates a build, and returns a backend (not registered). */
export async function createWasmBackend(opts: WasmBackendOptions = {}): Promise<WasmBackend> {
  const requested = checkThreads(opts.threads ?? availableCores());
  const features = probeFeatures();
  const build = chooseBuild(features, opts.build ?? 'auto');
  const shared = useSharedMemory(features, opts, requested);
  const module = await compileBuild(build, opts.wasmUrl, shared);
  const memory = createMemory(shared);
  const instance = await instantiate(module, memory);
  const ctx = makeContext(instance, memory, hostCollector(), opts);
  const pool = shared ? await startPool(requested, features, module, memory, opts.workerUrl) : null;
  ctx.runner = pool;
  return new WasmBackend(ctx, build, features, pool, shared);
}

/**
 * Node only (>= 20.16), synchronous: the same as `createWasmBackend` without any `await`, blocking
 * this thread until the pool's workers are ready (tens of milliseconds). This is how the default
 * backend is made on first use (backend/default.ts). If the workers do not start, it notices once
 * and runs on one thread. `wasmUrl` is not supported here (the modules are found next to the code).
 */
export function createWasmBackendSync(opts: Omit<WasmBackendOptions, 'wasmUrl'> = {}): WasmBackend {
  const requested = checkThreads(opts.threads ?? availableCores());
  const features = probeFeatures();
  const build = chooseBuild(features, opts.build ?? 'auto');
  const shared = useSharedMemory(features, opts, requested);
  const module = compileBuildSync(build, shared);
  const memory = createMemory(shared);
  const instance = instantiateSync(module, memory);
  const ctx = makeContext(instance, memory, hostCollector(), opts);
  let pool: WorkerPool | null = null;
  if (requested > 1 && shared) {
    const why = whyNoThreads(features, canBlock());
    if (why !== null) noticeOnce(`striate wasm backend: running single-threaded (asked for ${requested} threads) because ${why}.`);
    else {
      try {
        pool = WorkerPool.createSync({ module, memory, workers: requested - 1, workerUrl: opts.workerUrl });
      } catch (e) {
        noticeOnce(`striate wasm backend: running single-threaded because the worker pool did not start (${e instanceof Error ? e.message : String(e)}).`);
      }
    }
  }
  ctx.runner = pool;
  return new WasmBackend(ctx, build, features, pool, shared);
}

/**
 * Shared memory when asked for or (by default) when the host can make it; otherwise the unshared
 * module on one thread, noticed once if more threads were asked for.
 */
function useSharedMemory(features: WasmFeatures, opts: WasmBackendOptions, threads: number): boolean {
  if (opts.sharedMemory === true && !features.sharedMemory)
    throw new Error('wasm backend: sharedMemory: true was asked for, but this host cannot make a shared WebAssembly.Memory' +
      (features.crossOriginIsolated ? '' : ' (the page is not cross-origin isolated)'));
  const shared = opts.sharedMemory ?? features.sharedMemory;
  if (!shared && threads > 1) {
    const why = opts.sharedMemory === false ? 'sharedMemory: false was asked for' : whyNoThreads(features, true) ?? 'shared memory is unavailable';
    noticeOnce(`striate wasm backend: running single-threaded (asked for ${threads} threads) because ${why}.`);
  }
  return shared;
}

function checkThreads(requested: number): number {
  if (!Number.isInteger(requested) || requested < 1) throw new Error(`createWasmBackend: threads must be a positive integer, got ${requested}`);
  return requested;
}

/** The allocator, handle tracker and kernel context over a fresh instance's memory. */
function makeContext(instance: WebAssembly.Instance, memory: WebAssembly.Memory, host: HostCollector,
  opts: WasmBackendOptions): WasmContext {
  const exports = wasmExports(instance.exports);
  const base = Math.ceil(exports.heap_base() / ALIGN) * ALIGN;
  const allocator = new Allocator(memory, base, MAXIMUM_PAGES * PAGE_BYTES);
  const tracker = new HandleTracker((ptr) => allocator.free(ptr), host);
  if (host.gc) allocator.onPressure = () => tracker.reclaim();
  if (opts.minReclaimBytes !== undefined) allocator.minPressureBytes = opts.minReclaimBytes;
  const argPtr = allocator.alloc(ARG_BYTES);
  const ctx = new WasmContext(memory, exports, allocator, tracker, argPtr);
  ctx.minWorkPerPart = opts.minWorkPerPart ?? DEFAULT_MIN_WORK_PER_PART;
  return ctx;
}

/** The worker pool for `threads` threads, or null for 1 thread or where workers cannot be used (noticed once). */
async function startPool(threads: number, features: WasmFeatures, module: WebAssembly.Module, memory: WebAssembly.Memory,
  workerUrl: string | URL | undefined): Promise<WorkerPool | null> {
  if (threads <= 1) return null;
  const why = whyNoThreads(features, canBlock());
  if (why !== null) {
    noticeOnce(`striate wasm backend: running single-threaded (asked for ${threads} threads) because ${why}.`);
    return null;
  }
  return WorkerPool.create({ module, memory, workers: threads - 1, workerUrl });
}

/** Creates the wasm backend, registers it as 'wasm' and makes it the current backend. */
export async function initWasmBackend(opts: WasmBackendOptions = {}): Promise<WasmBackend> {
  const backend = await createWasmBackend(opts);
  registerBackend(backend);
  setBackend('wasm');
  return backend;
}
