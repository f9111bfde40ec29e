/**
 * What the JS kernel wrappers (gemm.ts, conv.ts, pool.ts in this folder) need from the wasm backend.
 *
 * The backend implements `KernelContext` over its instance and shared memory:
 *   - `exports`: the instance's exports (the kernel functions below are called through it);
 *   - `memory`: the shared `WebAssembly.Memory` (views are re-created after every call that may grow it);
 *   - `alloc(bytes)` / `free(ptr)`: the JS allocator over that memory (16-byte aligned pointers;
 *     `bytes` is at least 4);
 *   - `threads`: how many parts the wrappers split a kernel's work range into (1 = single-threaded);
 *   - `runCalls(calls)` (optional): runs independent kernel calls, e.g. one per worker, and returns when
 *     all are done. The calls of one batch write disjoint memory and may run in any order or
 *     concurrently; without it the wrappers run them one after the other on `exports`;
 *   - `minWorkPerPart` (optional): overrides each wrapper's built-in threshold (multiply-adds or window
 *     taps a part must have before the range is split further). The backend sets its own default
 *     (DEFAULT_MIN_WORK_PER_PART in ../index.ts); tests set 1 to split even tiny calls.
 *
 * Determinism: the wrappers split a range with `splitRange(total, threads)` (depends only on the thread
 * count), and reductions across parts (the conv weight gradient) are summed on the calling thread in
 * part order. Each part gets its own scratch buffer.
 */

/** The kernel exports of striate-simd.wasm / striate-relaxed.wasm used by the wrappers (pointers are byte offsets). */
export interface KernelExports {
  gemm_f32_scratch_bytes(M: number, N: number, K: number): number;
  gemm_f32(transA: number, transB: number, M: number, N: number, K: number,
    a: number, b: number, c: number, beta: number, rowStart: number, rowEnd: number, scratch: number): void;
  gemm_strided_f32(transA: number, transB: number, M: number, N: number, K: number,
    a: number, lda: number, b: number, ldb: number, c: number, ldc: number, beta: number,
    rowStart: number, rowEnd: number, scratch: number): void;
  matmul_f32(transA: number, transB: number, batch: number, M: number, N: number, K: number,
    a: number, b: number, c: number, start: number, end: number, scratch: number): void;
  conv2d_f32_scratch_bytes(geom: number): number;
  conv2d_f32(geom: number, x: number, w: number, bias: number, y: number, n0: number, n1: number, scratch: number): void;
  conv2d_input_grad_f32(geom: number, dy: number, w: number, dx: number, n0: number, n1: number, scratch: number): void;
  conv2d_weight_grad_f32(geom: number, x: number, dy: number, dw: number, n0: number, n1: number, scratch: number): void;
  max_pool2d_f32(geom: number, x: number, y: number, p0: number, p1: number): void;
  max_pool2d_grad_f32(geom: number, x: number, dy: number, dx: number, p0: number, p1: number): void;
  avg_pool2d_f32(geom: number, x: number, y: number, countIncludePad: number, divisor: number, p0: number, p1: number): void;
  avg_pool2d_grad_f32(geom: number, dy: number, dx: number, countIncludePad: number, divisor: number, p0: number, p1: number): void;
  relu_f32(x: number, y: number, n: number): void;
  relu_grad_f32(x: number, g: number, out: number, n: number): void;
  adam_moments_f32(g: number, p: number, s: number, out: number, n: number, k: number,
    sign: number, b1: number, b2: number, omb1: number, omb2: number, l2: number, start: number, end: number): void;
  adam_step_f32(p: number, s: number, out: number, n: number, k: number,
    negStep: number, bc2Sqrt: number, eps: number, decay: number, decoupled: number, start: number, end: number): void;
}

export type KernelName = keyof KernelExports;

/** One kernel invocation: `exports[fn](...args)`; serializable (can be posted to a worker). */
export interface KernelCall {
  fn: KernelName;
  args: number[];
}

export interface KernelContext {
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  readonly threads: number;
  runCalls?(calls: readonly KernelCall[]): void;
  readonly minWorkPerPart?: number | undefined;
}

/** Parts for `work` units split over ctx.threads, each part with at least the threshold's work. */
export function partsFor(ctx: KernelContext, work: number, defaultMinPerPart: number): number {
  const min = Math.max(1, ctx.minWorkPerPart ?? defaultMinPerPart);
  return Math.max(1, Math.min(ctx.threads, Math.floor(work / min)));
}

/** A float32 tensor in wasm memory. */
export interface WasmBuf {
  ptr: number;
  shape: readonly number[];
}

/** Runs the calls through ctx.runCalls when there is more than one, else sequentially on this thread. */
export function runCalls(ctx: KernelContext, calls: readonly KernelCall[]): void {
  if (calls.length > 1 && ctx.runCalls) {
    ctx.runCalls(calls);
    return;
  }
  for (const c of calls) Reflect.apply(ctx.exports[c.fn], ctx.exports, c.args);
}

/** Deterministic split of [0, total) into at most `parts` contiguous non-empty ranges (sizes differ by <= 1). */
export function splitRange(total: number, parts: number): [number, number][] {
  const p = Math.max(1, Math.min(Math.floor(parts), total));
  const out: [number, number][] = [];
  if (total <= 0) return out;
  const base = Math.floor(total / p);
  const extra = total % p;
  let s = 0;
  for (let i = 0; i < p; i++) {
    const e = s + base + (i < extra ? 1 : 0);
    out.push([s, e]);
    s = e;
  }
  return out;
}

/**
 * A streaming elementwise element (load, a few flops, store; memory-bound) costs about as much as 6
 * multiply-adds of the packed gemm on this machine, so elementwise work is counted as 6 per element
 * against the context's threshold (in multiply-adds): 1.4 M elements (the lecture CNN's first ReLU at
 * batch 64) split over two threads, a [64, 1024] activation does not.
 */
export const ELEMENT_COST_IN_MULTIPLY_ADDS = 6;

/**
 * Runs `fn` over [0, n) in contiguous parts (one per thread when each gets enough work); `argsFor`
 * gives a part's arguments. Each element is computed by exactly one part with the same arithmetic, so
 * the result does not depend on the split.
 */
export function runElementwise(ctx: KernelContext, fn: KernelName, n: number, argsFor: (start: number, end: number) => number[]): void {
  if (n <= 0) return;
  const parts = partsFor(ctx, n * ELEMENT_COST_IN_MULTIPLY_ADDS, 1 << 18);
  runCalls(ctx, splitRange(n, parts).map(([s, e]) => ({ fn, args: argsFor(s, e) })));
}

/** alloc with a minimum of 4 bytes (the allocator never sees 0). */
export function allocBytes(ctx: KernelContext, bytes: number): number {
  return ctx.alloc(Math.max(4, bytes));
}

/** Writes i32 values into a fresh allocation (kernel geometry blocks); the caller frees it. */
export function allocI32(ctx: KernelContext, values: readonly number[]): number {
  const ptr = allocBytes(ctx, values.length * 4);
  new Int32Array(ctx.memory.buffer, ptr, values.length).set(values);
  return ptr;
}
