/**
 * The linalg family (src/engine/primitives.ts): `matmul_f32`, the kernel of the `matmul` primitive
 * (wrapper: src/backend/wasm/kernels/linalg.ts), plus the plain gemm entry points and the scratch size
 * they share. The packed SGEMM itself is lib/gemm.ts (`gemmCore`, also used by conv.ts).
 *
 * Threading: every export takes a row range (for `matmul_f32`, over batch*M "global" rows); each C
 * element is computed by exactly one call with arithmetic that does not depend on the range, so any
 * split gives bit-identical results. Scratch: `gemm_f32_scratch_bytes(M, N, K)` bytes per thread.
 */
import { gemmCore, gemmScratchBytes } from './lib/gemm';

// @ts-ignore: decorator
@inline function imin(a: i32, b: i32): i32 { return a < b ? a : b; }

/** Bytes of per-thread scratch that gemm_f32, gemm_strided_f32 and matmul_f32 need for an M x N x K product. */
export function gemm_f32_scratch_bytes(M: i32, N: i32, K: i32): usize {
  return gemmScratchBytes(M, N, K);
}

/**
 * C = beta*C + op(A) @ op(B), dense row-major operands (lda/ldb/ldc implied by the shapes), rows
 * [rowStart, rowEnd) of C. `transA`/`transB` are 0/1. Scratch: gemm_f32_scratch_bytes(M, N, K).
 */
export function gemm_f32(
  transA: i32, transB: i32, M: i32, N: i32, K: i32,
  a: usize, b: usize, c: usize, beta: f32,
  rowStart: i32, rowEnd: i32, scratch: usize,
): void {
  gemmCore(transA != 0, transB != 0, M, N, K, a, transA != 0 ? M : K, b, transB != 0 ? K : N, c, N,
    beta, rowStart, rowEnd, scratch);
}

/**
 * Same as gemm_f32 with explicit leading dimensions (in elements) for strided sub-matrices.
 */
export function gemm_strided_f32(
  transA: i32, transB: i32, M: i32, N: i32, K: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, beta: f32,
  rowStart: i32, rowEnd: i32, scratch: usize,
): void {
  gemmCore(transA != 0, transB != 0, M, N, K, a, lda, b, ldb, c, ldc, beta, rowStart, rowEnd, scratch);
}

/**
 * Batched matmul (the `matmul` primitive): for each batch index i,
 *   C_i[M,N] = op(A_i) @ op(B_i)   (overwrite), A_i = a + i*M*K, B_i = b + i*K*N, C_i = c + i*M*N.
 * The range [start, end) is over the batch*M rows of the stacked output (row r = i*M + m).
 * Scratch: gemm_f32_scratch_bytes(M, N, K).
 */
export function matmul_f32(
  transA: i32, transB: i32, batch: i32, M: i32, N: i32, K: i32,
  a: usize, b: usize, c: usize, start: i32, end: i32, scratch: usize,
): void {
  if (M <= 0 || N <= 0) return;
  const total = batch * M;
  if (start < 0) start = 0;
  if (end > total) end = total;
  const aStride = (<usize>M * <usize>K) << 2;
  const bStride = (<usize>K * <usize>N) << 2;
  const cStride = (<usize>M * <usize>N) << 2;
  let r = start;
  while (r < end) {
    const i = r / M;
    const m0 = r - i * M;
    const m1 = imin(M, end - i * M);
    gemmCore(transA != 0, transB != 0, M, N, K,
      a + <usize>i * aStride, transA != 0 ? M : K,
      b + <usize>i * bStride, transB != 0 ? K : N,
      c + <usize>i * cStride, N, 0, m0, m1, scratch);
    r = i * M + m1;
  }
}
