/**
 * JS wrapper of the wasm SGEMM (assembly/gemm.ts) for the `matmul` primitive.
 *
 * Work range: the batch*M rows of the stacked output, split into `ctx.threads` parts (each part needs
 * gemm_f32_scratch_bytes(M, N, K) bytes of private scratch). A single product with at least as many
 * columns as rows (the dense layers at small batch: [64,1600]@[1600,1024]) is split over columns
 * instead, in multiples of the micro-kernel's 8 columns, through gemm_strided_f32: a row split would
 * make every part pack all of op(B), which costs as much as the arithmetic when M is small. Either way
 * each element's arithmetic is the one of the unsplit call (the kernel's blocking over K depends on K
 * only), so the result is bit-identical for every thread count.
 */
import type { PrimitiveAttrs } from '../../../engine/primitives.js';
import { allocBytes, partsFor, runCalls, splitRange, type KernelCall, type KernelContext, type WasmBuf } from './context.js';

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
  const parts = partsFor(ctx, rows * perRow, MIN_FMA_PER_PART);
  if (parts > 1 && batch === 1 && N >= M && N >= 2 * NR) {
    matmulByColumns(ctx, a.ptr, b.ptr, out, attrs, M, N, K, parts);
    return out;
  }
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

/** Columns of the gemm micro-kernel (NR in assembly/gemm.ts): column parts are multiples of it. */
const NR = 8;

/** out[M, N] = op(a) @ op(b), columns split into `parts` ranges (multiples of NR), one gemm_strided_f32 each. */
function matmulByColumns(ctx: KernelContext, a: number, b: number, out: number, attrs: PrimitiveAttrs['matmul'],
  M: number, N: number, K: number, parts: number): void {
  const ranges = splitRange(Math.ceil(N / NR), parts).map(([s, e]): [number, number] => [s * NR, Math.min(N, e * NR)]);
  const widest = Math.max(...ranges.map(([n0, n1]) => n1 - n0));
  const scratchBytes = ctx.exports.gemm_f32_scratch_bytes(M, widest, K);
  const scratch = ranges.map(() => allocBytes(ctx, scratchBytes));
  const lda = attrs.transA ? M : K;
  const ldb = attrs.transB ? K : N;
  try {
    runCalls(ctx, ranges.map(([n0, n1], i) => ({
      fn: 'gemm_strided_f32' as const,
      // B's columns n0.. start at element n0 of its first row ([K,N]) or at its row n0 ([N,K] when transB).
      args: [attrs.transA ? 1 : 0, attrs.transB ? 1 : 0, M, n1 - n0, K, a, lda, b + (attrs.transB ? n0 * K : n0) * 4, ldb,
        out + n0 * 4, N, 0, 0, M, scratch[i]!],
    })));
  } finally {
    for (const p of scratch) ctx.free(p);
  }
}

/**
 * In-place C = beta*C + op(A) @ op(B) on dense row-major buffers (A [M,K] or [K,M], B [K,N] or [N,K],
 * C [M,N]), rows split over ctx.threads.
 */
export function gemmWasm(ctx: KernelContext, transA: boolean, transB: boolean, M: number, N: number, K: number,
  a: number, b: number, c: number, beta: number): void {
  if (M <= 0 || N <= 0) return;
  const parts = partsFor(ctx, M * Math.max(1, N * K), MIN_FMA_PER_PART);
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
