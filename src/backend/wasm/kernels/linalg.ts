/**
 * The linalg family's kernel: `matmul` (assembly/linalg.ts, the packed SGEMM of assembly/lib/gemm.ts).
 *
 * Work range: the batch·M rows of the stacked output, split into `ctx.threads` parts (each part needs
 * gemm_f32_scratch_bytes(M, N, K) bytes of private scratch). A single product with at least as many
 * columns as rows (the dense layers at small batch: [64,1600]@[1600,1024]) is split over columns
 * instead, in multiples of the micro-kernel's 8 columns, through gemm_strided_f32: a row split would
 * make every part pack all of op(B), which costs as much as the arithmetic when M is small. Either way
 * each element's arithmetic is the one of the unsplit call (the kernel's blocking over K depends on K
 * only), so the result is bit-identical for every thread count.
 */
import type { PrimitiveAttrs } from '../../../engine/primitives.js';
import { sizeOf } from '../../../engine/shape.js';
import type { WasmContext } from '../context.js';
import { kernelCall } from '../exports.js';
import type { WasmKernel } from '../kernel.js';
import { f32Ptr } from './lib/inputs.js';
import { partsFor, splitRange } from './lib/split.js';

/** Columns of the gemm micro-kernel (NR in assembly/lib/gemm.ts): column parts are multiples of it. */
const NR = 8;

/**
 * out[..., M, N] = op(a) @ op(b) with a [..., M, K] (or [..., K, M] if transA), b [..., K, N] (or
 * [..., N, K] if transB); batch axes already equal; float32.
 */
export const matmul: WasmKernel<'matmul'> = (ctx, [a, b], attrs, out) => {
  const ap = f32Ptr('matmul', a);
  const bp = f32Ptr('matmul', b);
  const y = ctx.output(out);
  const [M, N] = lastTwo(out.shape);
  const [a0, a1] = lastTwo(a.shape);
  const K = attrs.transA ? a0 : a1;
  const batch = sizeOf(out.shape.slice(0, -2));
  if (batch * M * N === 0) return y;
  const rows = batch * M;
  const parts = partsFor(ctx, rows * Math.max(1, N * K));
  if (parts > 1 && batch === 1 && N >= M && N >= 2 * NR) matmulByColumns(ctx, ap, bp, y.ptr, attrs, M, N, K, parts);
  else matmulByRows(ctx, ap, bp, y.ptr, attrs, batch, M, N, K, parts);
  return y;
};

/** The last two axes of a matmul operand or output (the op makes every one at least [M, N]). */
function lastTwo(shape: readonly number[]): [number, number] {
  const [r, c] = shape.slice(-2);
  if (r === undefined || c === undefined) throw new Error(`matmul: expected [..., M, N], got [${shape.join(', ')}]`);
  return [r, c];
}

/** out = op(a) @ op(b) for the batch, the batch·M output rows split into `parts` ranges, one matmul_f32 each. */
function matmulByRows(ctx: WasmContext, a: number, b: number, out: number, attrs: PrimitiveAttrs['matmul'],
  batch: number, M: number, N: number, K: number, parts: number): void {
  const ranges = splitRange(batch * M, parts);
  const scratchBytes = ctx.exports.gemm_f32_scratch_bytes(M, N, K);
  const jobs = ranges.map(([s, e]) => ({ s, e, scratch: ctx.alloc(scratchBytes) }));
  const tA = attrs.transA ? 1 : 0;
  const tB = attrs.transB ? 1 : 0;
  try {
    ctx.runCalls(jobs.map(({ s, e, scratch }) => kernelCall('matmul_f32', tA, tB, batch, M, N, K, a, b, out, s, e, scratch)));
  } finally {
    for (const j of jobs) ctx.free(j.scratch);
  }
}

/** out[M, N] = op(a) @ op(b), columns split into `parts` ranges (multiples of NR), one gemm_strided_f32 each. */
function matmulByColumns(ctx: WasmContext, a: number, b: number, out: number, attrs: PrimitiveAttrs['matmul'],
  M: number, N: number, K: number, parts: number): void {
  const ranges = splitRange(Math.ceil(N / NR), parts).map(([s, e]): [number, number] => [s * NR, Math.min(N, e * NR)]);
  const widest = Math.max(...ranges.map(([n0, n1]) => n1 - n0));
  const scratchBytes = ctx.exports.gemm_f32_scratch_bytes(M, widest, K);
  const jobs = ranges.map(([n0, n1]) => ({ n0, n1, scratch: ctx.alloc(scratchBytes) }));
  const lda = attrs.transA ? M : K;
  const ldb = attrs.transB ? K : N;
  const tA = attrs.transA ? 1 : 0;
  const tB = attrs.transB ? 1 : 0;
  try {
    // B's columns n0.. start at element n0 of its first row ([K,N]) or at its row n0 ([N,K] when transB).
    ctx.runCalls(jobs.map(({ n0, n1, scratch }) => kernelCall('gemm_strided_f32', tA, tB, M, n1 - n0, K, a, lda,
      b + (attrs.transB ? n0 * K : n0) * 4, ldb, out + n0 * 4, N, 0, 0, M, scratch)));
  } finally {
    for (const j of jobs) ctx.free(j.scratch);
  }
}
