import type { FloatArray } from '../../../engine/dtype.js';

/**
 * Single-threaded general matrix multiply on Float32Array or Float64Array (row-major).
 *
 *   C[M,N] = beta * C + op(A)[M,K] @ op(B)[K,N]
 *
 * Storage conventions (all row-major, dense, no leading-dimension padding):
 *   A: [M,K] when !transA, [K,M] when transA   (starting at A[aOff])
 *   B: [K,N] when !transB, [N,K] when transB   (starting at B[bOff])
 *   C: [M,N]                                   (starting at C[cOff])
 *
 * Design (Goto/BLIS style, scaled down for a JIT without SIMD):
 *   - The K and N dimensions are cache-blocked (KC x NC panel of op(B) is
 *     packed once and reused by every row block of A), M is blocked by MC.
 *   - Panels are packed into contiguous module-level Float64Array scratch
 *     buffers. Their size is fixed (block sizes are capped at MC_MAX, KC_MAX,
 *     NC_MAX), and they are `const` bindings read directly by the hot loops:
 *     V8 then treats them as constants (base pointer and length known), which
 *     measured ~25% faster than passing them as arguments or growing them on
 *     demand. Packing absorbs the transpose flags, so the micro-kernel only
 *     ever sees one layout, and float64 storage saves the f32->f64 conversion
 *     on every load in the hot loop.
 *   - Packed A is stored as "micro-panels" of MR=4 rows: for each k, 4
 *     consecutive values op(A)[i..i+3, k]. Packed B is stored as micro-panels
 *     of NR=4 columns: for each k, op(B)[k, j..j+3]. Edge panels are padded
 *     with zeros so the micro-kernel always runs a full 4x4 tile; only the
 *     store back into C is masked.
 *   - The 4x4 micro-kernel keeps 16 accumulators in locals (double precision)
 *     and loads one B value at a time to keep register pressure within the
 *     16 XMM registers of x86-64.
 *
 *   - Accumulation is in double precision for both element types; only the
 *     stores into C round (to float32 when C is a Float32Array, not at all
 *     for a Float64Array), so the float32 results are what they always were
 *     and float64 operands keep their full precision.
 *
 * Several designs were measured (4x8, 2x8, 8x2, 3x4, 6x2, k-unrolled
 * variants, float32 packing); this one was the fastest on V8 (node 20).
 */

const MR = 4;
const NR = 4;
/** Max depth of a K block; the actual block is balanced so that K splits evenly. */
const KC_MAX = 256;
/** Max width of an N block (multiple of NR). */
const NC_MAX = 2048;
/** Max height of an M block (multiple of MR). */
const MC_MAX = 128;

/** Packed block of op(A): at most MC_MAX x KC_MAX. Never reallocated (see header). */
const packedA = new Float64Array(MC_MAX * KC_MAX);
/** Packed block of op(B): at most KC_MAX x NC_MAX. Never reallocated (see header). */
const packedB = new Float64Array(KC_MAX * NC_MAX);

/**
 * Pack op(A)[i0:i0+mc, k0:k0+kc] into packedA as ceil(mc/MR) micro-panels.
 * Micro-panel p occupies packedA[p*MR*kc ...], laid out [kc][MR].
 */
function packA(
  transA: boolean, M: number, K: number, A: FloatArray, aOff: number,
  i0: number, mc: number, k0: number, kc: number,
): void {
  const dst = packedA;
  let p = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = Math.min(MR, mc - ir);
    const i = i0 + ir;
    if (mr === MR) {
      if (!transA) {
        // rows of A are contiguous along k
        let r0 = aOff + i * K + k0;
        let r1 = r0 + K;
        let r2 = r1 + K;
        let r3 = r2 + K;
        for (let k = 0; k < kc; k++) {
          dst[p] = A[r0++]!;
          dst[p + 1] = A[r1++]!;
          dst[p + 2] = A[r2++]!;
          dst[p + 3] = A[r3++]!;
          p += 4;
        }
      } else {
        // A stored [K,M]: the 4 values for one k are contiguous
        let s = aOff + k0 * M + i;
        for (let k = 0; k < kc; k++) {
          dst[p] = A[s]!;
          dst[p + 1] = A[s + 1]!;
          dst[p + 2] = A[s + 2]!;
          dst[p + 3] = A[s + 3]!;
          p += 4;
          s += M;
        }
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const kk = k0 + k;
        for (let r = 0; r < MR; r++) {
          dst[p++] = r < mr ? (transA ? A[aOff + kk * M + i + r]! : A[aOff + (i + r) * K + kk]!) : 0;
        }
      }
    }
  }
}

/**
 * Pack op(B)[k0:k0+kc, j0:j0+nc] into packedB as ceil(nc/NR) micro-panels.
 * Micro-panel p occupies packedB[p*NR*kc ...], laid out [kc][NR].
 */
function packB(
  transB: boolean, N: number, K: number, B: FloatArray, bOff: number,
  k0: number, kc: number, j0: number, nc: number,
): void {
  const dst = packedB;
  let p = 0;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    const j = j0 + jr;
    if (nr === NR) {
      if (!transB) {
        // B stored [K,N]: the 4 values for one k are contiguous
        let s = bOff + k0 * N + j;
        for (let k = 0; k < kc; k++) {
          dst[p] = B[s]!;
          dst[p + 1] = B[s + 1]!;
          dst[p + 2] = B[s + 2]!;
          dst[p + 3] = B[s + 3]!;
          p += 4;
          s += N;
        }
      } else {
        // B stored [N,K]: each column of op(B) is a contiguous row of B
        let r0 = bOff + j * K + k0;
        let r1 = r0 + K;
        let r2 = r1 + K;
        let r3 = r2 + K;
        for (let k = 0; k < kc; k++) {
          dst[p] = B[r0++]!;
          dst[p + 1] = B[r1++]!;
          dst[p + 2] = B[r2++]!;
          dst[p + 3] = B[r3++]!;
          p += 4;
        }
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const kk = k0 + k;
        for (let c = 0; c < NR; c++) {
          dst[p++] = c < nr ? (transB ? B[bOff + (j + c) * K + kk]! : B[bOff + kk * N + j + c]!) : 0;
        }
      }
    }
  }
}

/**
 * 4x4 micro-kernel:
 *   C[ci + r*ldc + c] += sum_k packedA[ai + 4k + r] * packedB[bi + 4k + c]
 * for r < mr, c < nr.
 */
function micro4x4(
  kc: number, ai: number, bi: number,
  C: FloatArray, ci: number, ldc: number, mr: number, nr: number,
): void {
  const pa = packedA;
  const pb = packedB;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < kc; k++) {
    const a0 = pa[ai]!, a1 = pa[ai + 1]!, a2 = pa[ai + 2]!, a3 = pa[ai + 3]!;
    let b = pb[bi]!;
    c00 += a0 * b; c10 += a1 * b; c20 += a2 * b; c30 += a3 * b;
    b = pb[bi + 1]!;
    c01 += a0 * b; c11 += a1 * b; c21 += a2 * b; c31 += a3 * b;
    b = pb[bi + 2]!;
    c02 += a0 * b; c12 += a1 * b; c22 += a2 * b; c32 += a3 * b;
    b = pb[bi + 3]!;
    c03 += a0 * b; c13 += a1 * b; c23 += a2 * b; c33 += a3 * b;
    ai += 4;
    bi += 4;
  }
  if (mr === 4 && nr === 4) {
    C[ci]! += c00; C[ci + 1]! += c01; C[ci + 2]! += c02; C[ci + 3]! += c03;
    ci += ldc;
    C[ci]! += c10; C[ci + 1]! += c11; C[ci + 2]! += c12; C[ci + 3]! += c13;
    ci += ldc;
    C[ci]! += c20; C[ci + 1]! += c21; C[ci + 2]! += c22; C[ci + 3]! += c23;
    ci += ldc;
    C[ci]! += c30; C[ci + 1]! += c31; C[ci + 2]! += c32; C[ci + 3]! += c33;
    return;
  }
  // Edge tile: masked store.
  storeRow(C, ci, nr, c00, c01, c02, c03);
  if (mr > 1) storeRow(C, ci + ldc, nr, c10, c11, c12, c13);
  if (mr > 2) storeRow(C, ci + 2 * ldc, nr, c20, c21, c22, c23);
  if (mr > 3) storeRow(C, ci + 3 * ldc, nr, c30, c31, c32, c33);
}

function storeRow(C: FloatArray, ci: number, nr: number, v0: number, v1: number, v2: number, v3: number): void {
  C[ci]! += v0;
  if (nr > 1) C[ci + 1]! += v1;
  if (nr > 2) C[ci + 2]! += v2;
  if (nr > 3) C[ci + 3]! += v3;
}

/** C[M,N] = beta*C + op(A)[M,K] @ op(B)[K,N]. A is row-major [M,K] (or [K,M] when transA), B is [K,N] (or [N,K] when transB). Offsets index into the arrays. beta is 0 (overwrite) or 1 (accumulate). */
export function gemm(transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: FloatArray, aOff: number, B: FloatArray, bOff: number,
  C: FloatArray, cOff: number, beta: 0 | 1): void {
  if (M <= 0 || N <= 0) return;
  // beta = 0 must overwrite (even NaN/garbage), so clear first and always accumulate.
  if (beta === 0) C.fill(0, cOff, cOff + M * N);
  if (K <= 0) return;

  // Balanced block sizes: e.g. K=288 -> one block of 288 would exceed KC_MAX,
  // so use two blocks of 144 rather than 256 + 32.
  const kBlocks = Math.ceil(K / KC_MAX);
  const kcb = Math.ceil(K / kBlocks);
  const mBlocks = Math.ceil(M / MC_MAX);
  const mcb = Math.ceil(Math.ceil(M / mBlocks) / MR) * MR;
  const nBlocks = Math.ceil(N / NC_MAX);
  const ncb = Math.ceil(Math.ceil(N / nBlocks) / NR) * NR;

  for (let j0 = 0; j0 < N; j0 += ncb) {
    const nc = Math.min(ncb, N - j0);
    for (let k0 = 0; k0 < K; k0 += kcb) {
      const kc = Math.min(kcb, K - k0);
      packB(transB, N, K, B, bOff, k0, kc, j0, nc);
      for (let i0 = 0; i0 < M; i0 += mcb) {
        const mc = Math.min(mcb, M - i0);
        packA(transA, M, K, A, aOff, i0, mc, k0, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const bi = jr * kc;
          let ci = cOff + i0 * N + j0 + jr;
          for (let ir = 0; ir < mc; ir += MR) {
            micro4x4(kc, ir * kc, bi, C, ci, N, Math.min(MR, mc - ir), nr);
            ci += MR * N;
          }
        }
      }
    }
  }
}
