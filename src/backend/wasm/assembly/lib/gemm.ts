/**
 * The packed SGEMM behind the linalg family (assembly/linalg.ts) and the convolutions (assembly/conv.ts):
 * AssemblyScript, SIMD128; FMA through relaxed SIMD when built with `--use RELAXED=1 --enable
 * relaxed-simd`. Nothing here is a module export (lib/ is not re-exported by assembly/index.ts).
 *
 *   C[M,N] = beta * C + op(A)[M,K] @ op(B)[K,N]        (row-major, f32)
 *
 *   A: [M,K] (lda >= K) when !transA, [K,M] (lda >= M) when transA
 *   B: [K,N] (ldb >= N) when !transB, [N,K] (ldb >= K) when transB
 *   C: [M,N] (ldc >= N)
 *
 * Design (Goto/BLIS): N is blocked by NC, K by KC (both balanced so that the blocks are even), the
 * rows by MC. For each (NC, KC) block a panel of op(B) is packed into micro-panels of NR = 8 columns
 * ([kc][8] floats each); for each MC block of rows, op(A) is packed into micro-panels of MR rows
 * ([kc][MR] floats each; MR = 6 in the relaxed build, 5 in the SIMD128 build). Packing absorbs the
 * transpose flags and the leading dimensions; edge panels are zero-padded. The MRx8 micro-kernel
 * keeps 2*MR f32x4 accumulators in registers, broadcasting one packed A value per row
 * (v128.load32_splat) against two B vectors per k.
 *
 * Threading: `gemmCore` takes a row range [r0, r1) over M. Each C element is computed by exactly one
 * call, and the arithmetic of an element does not depend on the range it belongs to (block sizes
 * depend on M, N, K only), so splitting the range in any way gives bit-identical results.
 *
 * Scratch: `scratch` points to `gemmScratchBytes(M, N, K)` bytes (16-byte aligned) private to the
 * calling thread; the packed panels and an edge tile live there. Nothing here allocates or keeps
 * state in linear memory.
 */
import { FMA, madd } from './madd';

// Rows of the micro-kernel: 6x8 (12 accumulators) with FMA; without FMA the separate mul needs a
// temporary register, and 12 accumulators + 2 B + 1 A + 1 temp exceed the 15 usable XMM registers of
// V8 on x86-64, so the SIMD128 build uses a 5x8 tile.
// @ts-ignore: decorator
@inline const MR: i32 = FMA ? 6 : 5;
// @ts-ignore: decorator
@inline const NR: i32 = 8;
// @ts-ignore: decorator
@inline const KC_MAX: i32 = 256;
// @ts-ignore: decorator
@inline const MC_MAX: i32 = 120; // multiple of 5 and 6
// @ts-ignore: decorator
@inline const NC_MAX: i32 = 2048;

// @ts-ignore: decorator
@inline function imin(a: i32, b: i32): i32 { return a < b ? a : b; }
// @ts-ignore: decorator
@inline function ceilDiv(a: i32, b: i32): i32 { return (a + b - 1) / b; }
// @ts-ignore: decorator
@inline function roundUp(a: i32, b: i32): i32 { return ceilDiv(a, b) * b; }
// @ts-ignore: decorator
@inline function align16(bytes: usize): usize { return (bytes + 15) & ~(<usize>15); }

/** Balanced K block (<= KC_MAX). */
// @ts-ignore: decorator
@inline function kBlock(K: i32): i32 { return K <= 0 ? 1 : ceilDiv(K, ceilDiv(K, KC_MAX)); }
/** Balanced N block (multiple of NR, <= NC_MAX). */
// @ts-ignore: decorator
@inline function nBlock(N: i32): i32 { return N <= 0 ? NR : roundUp(ceilDiv(N, ceilDiv(N, NC_MAX)), NR); }
/** M block (multiple of MR). */
// @ts-ignore: decorator
@inline function mBlock(M: i32): i32 { return roundUp(imin(M <= 0 ? 1 : M, MC_MAX), MR); }

function packABytes(M: i32, K: i32): usize { return align16(<usize>mBlock(M) * <usize>kBlock(K) * 4); }
function packBBytes(N: i32, K: i32): usize { return align16(<usize>nBlock(N) * <usize>kBlock(K) * 4); }

/** Bytes of per-thread scratch that `gemmCore` needs for an M x N x K product. */
export function gemmScratchBytes(M: i32, N: i32, K: i32): usize {
  return packABytes(M, K) + packBBytes(N, K) + <usize>(MR * NR * 4);
}

/**
 * Pack op(A)[i0:i0+mc, k0:k0+kc] into micro-panels of MR rows: dst[(p*kc + k)*MR + r].
 */
function packA(transA: bool, a: usize, lda: i32, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = imin(MR, mc - ir);
    const i = i0 + ir;
    if (!transA) {
      // rows of A are contiguous along k
      if (mr == MR && MR == 6) {
        let s0 = a + ((<usize>i * lda + k0) << 2);
        const ld = <usize>lda << 2;
        let s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld, s4 = s3 + ld, s5 = s4 + ld;
        let d = dst;
        let k = 0;
        // 4 k at a time: load 4 consecutive k of each row, transpose-store
        for (; k + 4 <= kc; k += 4) {
          const r0 = v128.load(s0), r1 = v128.load(s1), r2 = v128.load(s2);
          const r3 = v128.load(s3), r4 = v128.load(s4), r5 = v128.load(s5);
          // k+0
          store<f32>(d, f32x4.extract_lane(r0, 0), 0); store<f32>(d, f32x4.extract_lane(r1, 0), 4);
          store<f32>(d, f32x4.extract_lane(r2, 0), 8); store<f32>(d, f32x4.extract_lane(r3, 0), 12);
          store<f32>(d, f32x4.extract_lane(r4, 0), 16); store<f32>(d, f32x4.extract_lane(r5, 0), 20);
          // k+1
          store<f32>(d, f32x4.extract_lane(r0, 1), 24); store<f32>(d, f32x4.extract_lane(r1, 1), 28);
          store<f32>(d, f32x4.extract_lane(r2, 1), 32); store<f32>(d, f32x4.extract_lane(r3, 1), 36);
          store<f32>(d, f32x4.extract_lane(r4, 1), 40); store<f32>(d, f32x4.extract_lane(r5, 1), 44);
          // k+2
          store<f32>(d, f32x4.extract_lane(r0, 2), 48); store<f32>(d, f32x4.extract_lane(r1, 2), 52);
          store<f32>(d, f32x4.extract_lane(r2, 2), 56); store<f32>(d, f32x4.extract_lane(r3, 2), 60);
          store<f32>(d, f32x4.extract_lane(r4, 2), 64); store<f32>(d, f32x4.extract_lane(r5, 2), 68);
          // k+3
          store<f32>(d, f32x4.extract_lane(r0, 3), 72); store<f32>(d, f32x4.extract_lane(r1, 3), 76);
          store<f32>(d, f32x4.extract_lane(r2, 3), 80); store<f32>(d, f32x4.extract_lane(r3, 3), 84);
          store<f32>(d, f32x4.extract_lane(r4, 3), 88); store<f32>(d, f32x4.extract_lane(r5, 3), 92);
          s0 += 16; s1 += 16; s2 += 16; s3 += 16; s4 += 16; s5 += 16;
          d += 96;
        }
        for (; k < kc; k++) {
          store<f32>(d, load<f32>(s0), 0); store<f32>(d, load<f32>(s1), 4);
          store<f32>(d, load<f32>(s2), 8); store<f32>(d, load<f32>(s3), 12);
          store<f32>(d, load<f32>(s4), 16); store<f32>(d, load<f32>(s5), 20);
          s0 += 4; s1 += 4; s2 += 4; s3 += 4; s4 += 4; s5 += 4;
          d += 24;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const d = dst + (<usize>(k * MR) << 2);
          for (let r = 0; r < MR; r++) {
            const v: f32 = r < mr ? load<f32>(a + ((<usize>(i + r) * lda + k0 + k) << 2)) : 0;
            store<f32>(d + (<usize>r << 2), v);
          }
        }
      }
    } else {
      // A stored [K, M]: the MR values for one k are contiguous
      let s = a + ((<usize>k0 * lda + i) << 2);
      const ld = <usize>lda << 2;
      let d = dst;
      const dstep = <usize>MR << 2;
      if (mr == MR && MR == 6) {
        for (let k = 0; k < kc; k++) {
          v128.store(d, v128.load(s));
          store<u64>(d, load<u64>(s, 16), 16);
          s += ld;
          d += 24;
        }
      } else if (mr == MR && MR == 5) {
        for (let k = 0; k < kc; k++) {
          v128.store(d, v128.load(s));
          store<f32>(d, load<f32>(s, 16), 16);
          s += ld;
          d += 20;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          for (let r = 0; r < MR; r++) {
            store<f32>(d + (<usize>r << 2), r < mr ? load<f32>(s + (<usize>r << 2)) : <f32>0);
          }
          s += ld;
          d += dstep;
        }
      }
    }
    dst += <usize>(kc * MR) << 2;
  }
}

/**
 * Pack op(B)[k0:k0+kc, j0:j0+nc] into micro-panels of NR columns: dst[(p*kc + k)*NR + c].
 */
function packB(transB: bool, b: usize, ldb: i32, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = imin(NR, nc - jr);
    const j = j0 + jr;
    if (!transB) {
      // B stored [K, N]: the NR values for one k are contiguous
      let s = b + ((<usize>k0 * ldb + j) << 2);
      const ld = <usize>ldb << 2;
      let d = dst;
      if (nr == NR) {
        for (let k = 0; k < kc; k++) {
          v128.store(d, v128.load(s));
          v128.store(d, v128.load(s, 16), 16);
          s += ld;
          d += 32;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          for (let c = 0; c < NR; c++) {
            store<f32>(d + (<usize>c << 2), c < nr ? load<f32>(s + (<usize>c << 2)) : <f32>0);
          }
          s += ld;
          d += 32;
        }
      }
    } else {
      // B stored [N, K]: column j of op(B) is row j of B (contiguous along k)
      const ld = <usize>ldb << 2;
      if (nr == NR) {
        let s0 = b + ((<usize>j * ldb + k0) << 2);
        let s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld, s4 = s3 + ld, s5 = s4 + ld, s6 = s5 + ld, s7 = s6 + ld;
        let d = dst;
        let k = 0;
        for (; k + 4 <= kc; k += 4) {
          // 4x4 transposes of rows 0-3 and 4-7
          const a0 = v128.load(s0), a1 = v128.load(s1), a2 = v128.load(s2), a3 = v128.load(s3);
          const t0 = v128.shuffle<f32>(a0, a1, 0, 4, 1, 5); // a00 a10 a01 a11
          const t1 = v128.shuffle<f32>(a2, a3, 0, 4, 1, 5); // a20 a30 a21 a31
          const t2 = v128.shuffle<f32>(a0, a1, 2, 6, 3, 7); // a02 a12 a03 a13
          const t3 = v128.shuffle<f32>(a2, a3, 2, 6, 3, 7); // a22 a32 a23 a33
          v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), 0);
          v128.store(d, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 32);
          v128.store(d, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 64);
          v128.store(d, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 96);
          const b0 = v128.load(s4), b1 = v128.load(s5), b2 = v128.load(s6), b3 = v128.load(s7);
          const u0 = v128.shuffle<f32>(b0, b1, 0, 4, 1, 5);
          const u1 = v128.shuffle<f32>(b2, b3, 0, 4, 1, 5);
          const u2 = v128.shuffle<f32>(b0, b1, 2, 6, 3, 7);
          const u3 = v128.shuffle<f32>(b2, b3, 2, 6, 3, 7);
          v128.store(d, v128.shuffle<f32>(u0, u1, 0, 1, 4, 5), 16);
          v128.store(d, v128.shuffle<f32>(u0, u1, 2, 3, 6, 7), 48);
          v128.store(d, v128.shuffle<f32>(u2, u3, 0, 1, 4, 5), 80);
          v128.store(d, v128.shuffle<f32>(u2, u3, 2, 3, 6, 7), 112);
          s0 += 16; s1 += 16; s2 += 16; s3 += 16; s4 += 16; s5 += 16; s6 += 16; s7 += 16;
          d += 128;
        }
        for (; k < kc; k++) {
          store<f32>(d, load<f32>(s0), 0); store<f32>(d, load<f32>(s1), 4);
          store<f32>(d, load<f32>(s2), 8); store<f32>(d, load<f32>(s3), 12);
          store<f32>(d, load<f32>(s4), 16); store<f32>(d, load<f32>(s5), 20);
          store<f32>(d, load<f32>(s6), 24); store<f32>(d, load<f32>(s7), 28);
          s0 += 4; s1 += 4; s2 += 4; s3 += 4; s4 += 4; s5 += 4; s6 += 4; s7 += 4;
          d += 32;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const d = dst + (<usize>(k * NR) << 2);
          for (let c = 0; c < NR; c++) {
            const v: f32 = c < nr ? load<f32>(b + ((<usize>(j + c) * ldb + k0 + k) << 2)) : 0;
            store<f32>(d + (<usize>c << 2), v);
          }
        }
      }
    }
    dst += <usize>(kc * NR) << 2;
  }
}

/**
 * 6x8 micro-kernel: C[r, c] (+)= sum_k pa[k*6 + r] * pb[k*8 + c], r < 6, c < 8.
 * `ldc` is in bytes; `acc` selects accumulate (C += ...) vs overwrite (C = ...).
 */
function kernel6x8(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    a = v128.load32_splat(pa, 16);
    c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
    a = v128.load32_splat(pa, 20);
    c50 = madd(a, b0, c50); c51 = madd(a, b1, c51);
    pa += 24;
    pb += 32;
  }
  if (acc) {
    v128.store(c, f32x4.add(v128.load(c), c00)); v128.store(c, f32x4.add(v128.load(c, 16), c01), 16); c += ldc;
    v128.store(c, f32x4.add(v128.load(c), c10)); v128.store(c, f32x4.add(v128.load(c, 16), c11), 16); c += ldc;
    v128.store(c, f32x4.add(v128.load(c), c20)); v128.store(c, f32x4.add(v128.load(c, 16), c21), 16); c += ldc;
    v128.store(c, f32x4.add(v128.load(c), c30)); v128.store(c, f32x4.add(v128.load(c, 16), c31), 16); c += ldc;
    v128.store(c, f32x4.add(v128.load(c), c40)); v128.store(c, f32x4.add(v128.load(c, 16), c41), 16); c += ldc;
    v128.store(c, f32x4.add(v128.load(c), c50)); v128.store(c, f32x4.add(v128.load(c, 16), c51), 16);
  } else {
    v128.store(c, c00); v128.store(c, c01, 16); c += ldc;
    v128.store(c, c10); v128.store(c, c11, 16); c += ldc;
    v128.store(c, c20); v128.store(c, c21, 16); c += ldc;
    v128.store(c, c30); v128.store(c, c31, 16); c += ldc;
    v128.store(c, c40); v128.store(c, c41, 16); c += ldc;
    v128.store(c, c50); v128.store(c, c51, 16);
  }
}

/** 5x8 micro-kernel (SIMD128 build): as kernel6x8 with 5 rows (pa stride 20 bytes per k). */
function kernel5x8(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    a = v128.load32_splat(pa, 16);
    c40 = madd(a, b0, c40); c41 = madd(a, b1, c41);
    pa += 20;
    pb += 32;
  }
  if (acc) {
    v128.store(c, f32x4.add(v128.load(c), c00)); v128.store(c, f32x4.add(v128.load(c, 16), c01), 16); c += ldc;
    v128.store(c, f32x4.add(v128.load(c), c10)); v128.store(c, f32x4.add(v128.load(c, 16), c11), 16); c += ldc;
    v128.store(c, f32x4.add(v128.load(c), c20)); v128.store(c, f32x4.add(v128.load(c, 16), c21), 16); c += ldc;
    v128.store(c, f32x4.add(v128.load(c), c30)); v128.store(c, f32x4.add(v128.load(c, 16), c31), 16); c += ldc;
    v128.store(c, f32x4.add(v128.load(c), c40)); v128.store(c, f32x4.add(v128.load(c, 16), c41), 16);
  } else {
    v128.store(c, c00); v128.store(c, c01, 16); c += ldc;
    v128.store(c, c10); v128.store(c, c11, 16); c += ldc;
    v128.store(c, c20); v128.store(c, c21, 16); c += ldc;
    v128.store(c, c30); v128.store(c, c31, 16); c += ldc;
    v128.store(c, c40); v128.store(c, c41, 16);
  }
}

/** The micro-kernel of this build (MR x 8). */
// @ts-ignore: decorator
@inline function microKernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, acc: bool): void {
  if (MR == 6) {
    kernel6x8(kc, pa, pb, c, ldc, acc);
  } else {
    kernel5x8(kc, pa, pb, c, ldc, acc);
  }
}

/** Scale rows [r0, r1) of C[., N] (stride ldc) by beta; beta == 0 writes zeros (even over NaN). */
function scaleRows(c: usize, ldc: i32, N: i32, r0: i32, r1: i32, beta: f32): void {
  for (let i = r0; i < r1; i++) {
    const row = c + ((<usize>i * ldc) << 2);
    if (beta == 0) {
      memory.fill(row, 0, <usize>N << 2);
    } else {
      for (let j = 0; j < N; j++) {
        const p = row + (<usize>j << 2);
        store<f32>(p, load<f32>(p) * beta);
      }
    }
  }
}

/**
 * Products with at most SMALL_M rows (batch-1..4 dense layers) skip packing: packing op(B) costs as
 * much as the product itself there, and the MR-row micro-kernel would mostly multiply padding. The
 * choice depends on M only, so every split of rows or columns computes each element the same way.
 */
// @ts-ignore: decorator
@inline const SMALL_M: i32 = 4;

/** Sum of the four lanes. */
// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** c = acc ? c + s : s */
// @ts-ignore: decorator
@inline function put(c: usize, s: f32, acc: bool): void {
  store<f32>(c, acc ? load<f32>(c) + s : s);
}

/** Dot product of `K` floats at `x` and `y` (8-lane partial sums, then the tail). */
function dot(x: usize, y: usize, K: i32): f32 {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
  let k = 0;
  for (; k + 8 <= K; k += 8) {
    const o = <usize>k << 2;
    a0 = madd(v128.load(x + o), v128.load(y + o), a0);
    a1 = madd(v128.load(x + o, 16), v128.load(y + o, 16), a1);
  }
  let s = hsum(f32x4.add(a0, a1));
  for (; k < K; k++) s += load<f32>(x + (<usize>k << 2)) * load<f32>(y + (<usize>k << 2));
  return s;
}

/**
 * Rows [r0, r1) of C (+)= A @ B^T with B stored [N, K]: each element is a dot product of two
 * contiguous rows; four rows of B at a time share each load of A's row.
 */
function smallRowsTransB(N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, acc: bool, r0: i32, r1: i32): void {
  const ldbB = <usize>ldb << 2;
  for (let m = r0; m < r1; m++) {
    const x = a + ((<usize>m * lda) << 2);
    const crow = c + ((<usize>m * ldc) << 2);
    let n = 0;
    for (; n + 4 <= N; n += 4) {
      const b0 = b + <usize>n * ldbB, b1 = b0 + ldbB, b2 = b1 + ldbB, b3 = b2 + ldbB;
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      let t0 = f32x4.splat(0), t1 = f32x4.splat(0), t2 = f32x4.splat(0), t3 = f32x4.splat(0);
      let k = 0;
      for (; k + 8 <= K; k += 8) {
        const o = <usize>k << 2;
        const xa = v128.load(x + o), xb = v128.load(x + o, 16);
        s0 = madd(xa, v128.load(b0 + o), s0); t0 = madd(xb, v128.load(b0 + o, 16), t0);
        s1 = madd(xa, v128.load(b1 + o), s1); t1 = madd(xb, v128.load(b1 + o, 16), t1);
        s2 = madd(xa, v128.load(b2 + o), s2); t2 = madd(xb, v128.load(b2 + o, 16), t2);
        s3 = madd(xa, v128.load(b3 + o), s3); t3 = madd(xb, v128.load(b3 + o, 16), t3);
      }
      let d0 = hsum(f32x4.add(s0, t0)), d1 = hsum(f32x4.add(s1, t1)), d2 = hsum(f32x4.add(s2, t2)), d3 = hsum(f32x4.add(s3, t3));
      for (; k < K; k++) {
        const o = <usize>k << 2;
        const xv = load<f32>(x + o);
        d0 += xv * load<f32>(b0 + o); d1 += xv * load<f32>(b1 + o);
        d2 += xv * load<f32>(b2 + o); d3 += xv * load<f32>(b3 + o);
      }
      const cp = crow + (<usize>n << 2);
      put(cp, d0, acc); put(cp + 4, d1, acc); put(cp + 8, d2, acc); put(cp + 12, d3, acc);
    }
    for (; n < N; n++) put(crow + (<usize>n << 2), dot(x, b + <usize>n * ldbB, K), acc);
  }
}

/**
 * Rows [r0, r1) of C (+)= A @ B with B stored [K, N]: C's row is kept in 8 vectors (32 columns) while
 * B's rows stream past, each scaled by one broadcast element of A's row.
 */
function smallRowsB(N: i32, K: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, acc: bool, r0: i32, r1: i32): void {
  const ldbB = <usize>ldb << 2;
  for (let m = r0; m < r1; m++) {
    const x = a + ((<usize>m * lda) << 2);
    const crow = c + ((<usize>m * ldc) << 2);
    let n = 0;
    for (; n + 32 <= N; n += 32) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let c4 = f32x4.splat(0), c5 = f32x4.splat(0), c6 = f32x4.splat(0), c7 = f32x4.splat(0);
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        const xs = v128.load32_splat(x + (<usize>k << 2));
        c0 = madd(xs, v128.load(bp), c0); c1 = madd(xs, v128.load(bp, 16), c1);
        c2 = madd(xs, v128.load(bp, 32), c2); c3 = madd(xs, v128.load(bp, 48), c3);
        c4 = madd(xs, v128.load(bp, 64), c4); c5 = madd(xs, v128.load(bp, 80), c5);
        c6 = madd(xs, v128.load(bp, 96), c6); c7 = madd(xs, v128.load(bp, 112), c7);
        bp += ldbB;
      }
      const cp = crow + (<usize>n << 2);
      if (acc) {
        c0 = f32x4.add(v128.load(cp), c0); c1 = f32x4.add(v128.load(cp, 16), c1);
        c2 = f32x4.add(v128.load(cp, 32), c2); c3 = f32x4.add(v128.load(cp, 48), c3);
        c4 = f32x4.add(v128.load(cp, 64), c4); c5 = f32x4.add(v128.load(cp, 80), c5);
        c6 = f32x4.add(v128.load(cp, 96), c6); c7 = f32x4.add(v128.load(cp, 112), c7);
      }
      v128.store(cp, c0); v128.store(cp, c1, 16); v128.store(cp, c2, 32); v128.store(cp, c3, 48);
      v128.store(cp, c4, 64); v128.store(cp, c5, 80); v128.store(cp, c6, 96); v128.store(cp, c7, 112);
    }
    for (; n + 4 <= N; n += 4) {
      let c0 = f32x4.splat(0);
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        c0 = madd(v128.load32_splat(x + (<usize>k << 2)), v128.load(bp), c0);
        bp += ldbB;
      }
      const cp = crow + (<usize>n << 2);
      v128.store(cp, acc ? f32x4.add(v128.load(cp), c0) : c0);
    }
    for (; n < N; n++) {
      let s: f32 = 0;
      let bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        s += load<f32>(x + (<usize>k << 2)) * load<f32>(bp);
        bp += ldbB;
      }
      put(crow + (<usize>n << 2), s, acc);
    }
  }
}

/**
 * The core: rows [r0, r1) of C = beta*C + op(A) @ op(B), with leading dimensions (in elements).
 * Scratch: gemmScratchBytes(M, N, K).
 */
export function gemmCore(
  transA: bool, transB: bool, M: i32, N: i32, K: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32,
  beta: f32, r0: i32, r1: i32, scratch: usize,
): void {
  if (r0 < 0) r0 = 0;
  if (r1 > M) r1 = M;
  if (r0 >= r1 || N <= 0) return;
  if (K <= 0) {
    if (beta != 1) scaleRows(c, ldc, N, r0, r1, beta);
    return;
  }
  let overwriteFirst = beta == 0;
  if (beta != 0 && beta != 1) {
    scaleRows(c, ldc, N, r0, r1, beta);
  }
  if (M <= SMALL_M && !transA) {
    if (transB) smallRowsTransB(N, K, a, lda, b, ldb, c, ldc, !overwriteFirst, r0, r1);
    else smallRowsB(N, K, a, lda, b, ldb, c, ldc, !overwriteFirst, r0, r1);
    return;
  }
  const kcb = kBlock(K);
  const ncb = nBlock(N);
  const mcb = mBlock(M);
  const pA = scratch;
  const pB = scratch + packABytes(M, K);
  const tmp = pB + packBBytes(N, K);
  const ldcB = <usize>ldc << 2;

  for (let jc = 0; jc < N; jc += ncb) {
    const nc = imin(ncb, N - jc);
    for (let pc = 0; pc < K; pc += kcb) {
      const kc = imin(kcb, K - pc);
      const acc = !(overwriteFirst && pc == 0);
      packB(transB, b, ldb, pc, kc, jc, nc, pB);
      for (let ic = r0; ic < r1; ic += mcb) {
        const mc = imin(mcb, r1 - ic);
        packA(transA, a, lda, ic, mc, pc, kc, pA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = imin(NR, nc - jr);
          const pb = pB + (<usize>(jr * kc) << 2);
          let cp = c + ((<usize>ic * ldc + jc + jr) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = imin(MR, mc - ir);
            const pa = pA + (<usize>(ir * kc) << 2);
            if (mr == MR && nr == NR) {
              microKernel(kc, pa, pb, cp, ldcB, acc);
            } else {
              microKernel(kc, pa, pb, tmp, NR * 4, false);
              for (let r = 0; r < mr; r++) {
                const crow = cp + <usize>r * ldcB;
                const trow = tmp + (<usize>(r * NR) << 2);
                for (let q = 0; q < nr; q++) {
                  const cq = crow + (<usize>q << 2);
                  const v = load<f32>(trow + (<usize>q << 2));
                  store<f32>(cq, acc ? load<f32>(cq) + v : v);
                }
              }
            }
            cp += <usize>MR * ldcB;
          }
        }
      }
    }
  }
}
