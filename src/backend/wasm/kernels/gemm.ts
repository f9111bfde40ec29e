/**
 * JS wrapper of the wasm SGEMM (assembly/gemm.ts) for the `matmul` primitive.
 *
 * Work range: the batch*M rows of the stacked output, split into `ctx.threads` parts (each part needs
 * gemm_f32_scratch_bytes(M, N, K) bytes of private scratch).
 */
import type { PrimitiveAttrs } from '../../primitives.js';
import { allocBytes, runCalls, splitRange, type KernelCall, type KernelContext, type WasmBuf } from './context.js';

/** Smallest amount of work (multiply-adds) worth giving a thread of its own. */
const MIN_FMA_PER_PART = 1 << 18;

/**
 * out[..., M, N] = op(a) @ op(b) with a [..., M, K] (or [..., K, M] if transA), b [..., K, N] (or
 * [..., N, K] if transB); batch axes already equal. Returns the pointer of a fresh output buffer.
 */
export function matmulWasm(ctx: KernelContext, a: WasmBuf, b: WasmBuf, attrs: PrimitiveAttrs['matmul'],
  outShape: readonly number[]): number {
  const r = outShape.length;
  const M = outShape[r - 2]!;
  const N = outShape[r - 1]!;
  const ar = a.shape.length;
  const K = attrs.transA ? a.shape[ar - 2]! : a.shape[ar - 1]!;
  let batch = 1;
  for (let i = 0; i < r - 2; i++) batch *= outShape[i]!;
  const out = allocBytes(ctx, batch * M * N * 4);
  if (batch * M * N === 0) return out;
  const rows = batch * M;
  const perRow = Math.max(1, N * K);
  const parts = Math.max(1, Math.min(ctx.threads, Math.floor((rows * perRow) / MIN_FMA_PER_PART)));
  const ranges = splitRange(rows, parts);
  const scratchBytes = ctx.exports.gemm_f32_scratch_bytes(M, N, K);
  const scratch = ranges.map(() => allocBytes(ctx, scratchBytes));
  try {
    const calls: KernelCall[] = ranges.map(([s, e], i) => ({
      fn: 'matmul_f32',
      args: [attrs.transA ? 1 : 0, attrs.transB ? 1 : 0, batch, M, N, K, a.ptr, b.ptr, out, s, e, scratch[i]!],
    }));
    runCalls(ctx, calls);
  } finally {
    for (const p of scratch) ctx.free(p);
  }
  return out;
}

/**
 * In-place C = beta*C + op(A) @ op(B) on dense row-major buffers (A [M,K] or [K,M], B [K,N] or [N,K],
 * C [M,N]), rows split over ctx.threads.
 */
export function gemmWasm(ctx: KernelContext, transA: boolean, transB: boolean, M: number, N: number, K: number,
  a: number, b: number, c: number, beta: number): void {
  if (M <= 0 || N <= 0) return;
  const parts = Math.max(1, Math.min(ctx.threads, Math.floor((M * Math.max(1, N * K)) / MIN_FMA_PER_PART)));
  const ranges = splitRange(M, parts);
  const scratchBytes = ctx.exports.gemm_f32_scratch_bytes(M, N, K);
  const scratch = ranges.map(() => allocBytes(ctx, scratchBytes));
  try {
    runCalls(ctx, ranges.map(([s, e], i) => ({
      fn: 'gemm_f32' as const,
      args: [transA ? 1 : 0, transB ? 1 : 0, M, N, K, a, b, c, beta, s, e, scratch[i]!],
    })));
  } finally {
    for (const p of scratch) ctx.free(p);
  }
}
