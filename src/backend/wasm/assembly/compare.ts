/**
 * Broadcasting comparisons `op_dt(a, b, out, desc)` → bool (u8 0/1), dt in f32, i32, u8 (also bool),
 * with the same two-operand descriptor as binary.ts. Any comparison with NaN is false except `ne`.
 */
import { ndAdvance, ndRank, ndRows, ndShape, ndSteps, word } from './lib/nd';

// @ts-ignore: decorator
@inline const EQ: i32 = 0;
// @ts-ignore: decorator
@inline const NE: i32 = 1;
// @ts-ignore: decorator
@inline const LT: i32 = 2;
// @ts-ignore: decorator
@inline const LE: i32 = 3;
// @ts-ignore: decorator
@inline const GT: i32 = 4;
// @ts-ignore: decorator
@inline const GE: i32 = 5;

// @ts-ignore: decorator
@inline function scalarCmp<T>(op: i32, a: T, b: T): u8 {
  if (op == EQ) return a == b ? 1 : 0;
  if (op == NE) return a != b ? 1 : 0;
  if (op == LT) return a < b ? 1 : 0;
  if (op == LE) return a <= b ? 1 : 0;
  if (op == GT) return a > b ? 1 : 0;
  return a >= b ? 1 : 0;
}

/** Lane masks (all ones / zero) of a 4-lane comparison. */
// @ts-ignore: decorator
@inline function vectorCmp<T>(op: i32, a: v128, b: v128): v128 {
  if (isFloat<T>()) {
    if (op == EQ) return f32x4.eq(a, b);
    if (op == NE) return f32x4.ne(a, b);
    if (op == LT) return f32x4.lt(a, b);
    if (op == LE) return f32x4.le(a, b);
    if (op == GT) return f32x4.gt(a, b);
    return f32x4.ge(a, b);
  } else {
    if (op == EQ) return i32x4.eq(a, b);
    if (op == NE) return i32x4.ne(a, b);
    if (op == LT) return i32x4.lt_s(a, b);
    if (op == LE) return i32x4.le_s(a, b);
    if (op == GT) return i32x4.gt_s(a, b);
    return i32x4.ge_s(a, b);
  }
}

/** 16 results as bytes 0/1 from four 4-lane comparisons at element offsets 0, 4, 8, 12. */
// @ts-ignore: decorator
@inline function cmp16<T>(op: i32, a: usize, sa: i32, b: usize, sb: i32): v128 {
  const va0 = sa ? v128.load(a) : i32x4.splat(load<i32>(a));
  const vb0 = sb ? v128.load(b) : i32x4.splat(load<i32>(b));
  const m0 = vectorCmp<T>(op, va0, vb0);
  const m1 = vectorCmp<T>(op, sa ? v128.load(a + 16) : va0, sb ? v128.load(b + 16) : vb0);
  const m2 = vectorCmp<T>(op, sa ? v128.load(a + 32) : va0, sb ? v128.load(b + 32) : vb0);
  const m3 = vectorCmp<T>(op, sa ? v128.load(a + 48) : va0, sb ? v128.load(b + 48) : vb0);
  const lo = i16x8.narrow_i32x4_s(m0, m1);
  const hi = i16x8.narrow_i32x4_s(m2, m3);
  return v128.and(i8x16.narrow_i16x8_s(lo, hi), i8x16.splat(1));
}

// @ts-ignore: decorator
@inline function compareNd<T>(op: i32, a: usize, b: usize, out: usize, desc: usize): void {
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const stA = ndSteps(desc, rank, 0);
  const stB = ndSteps(desc, rank, 1);
  const n = word(shape, rank - 1);
  const ia = word(stA, rank - 1);
  const ib = word(stB, rank - 1);
  const rows = ndRows(desc, 2);
  const sz = <usize>sizeof<T>();
  let oa: i32 = 0;
  let ob: i32 = 0;
  let po = out;
  for (let r = 0; r < rows; r++) {
    const pa = a + <usize>oa * sz;
    const pb = b + <usize>ob * sz;
    let j = 0;
    if (sz == 4 && (ia | ib) != 0) {
      for (; j + 16 <= n; j += 16) {
        v128.store(po + <usize>j, cmp16<T>(op, pa + (<usize>(j * ia) << 2), ia, pb + (<usize>(j * ib) << 2), ib));
      }
    }
    for (; j < n; j++) {
      store<u8>(po + <usize>j, scalarCmp<T>(op, load<T>(pa + <usize>(j * ia) * sz), load<T>(pb + <usize>(j * ib) * sz)));
    }
    po += <usize>n;
    if (r + 1 < rows) {
      const d = ndAdvance(desc, 2);
      oa += word(stA, d);
      ob += word(stB, d);
    }
  }
}

export function eq_f32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<f32>(EQ, a, b, out, desc); }
export function ne_f32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<f32>(NE, a, b, out, desc); }
export function lt_f32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<f32>(LT, a, b, out, desc); }
export function le_f32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<f32>(LE, a, b, out, desc); }
export function gt_f32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<f32>(GT, a, b, out, desc); }
export function ge_f32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<f32>(GE, a, b, out, desc); }

export function eq_i32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<i32>(EQ, a, b, out, desc); }
export function ne_i32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<i32>(NE, a, b, out, desc); }
export function lt_i32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<i32>(LT, a, b, out, desc); }
export function le_i32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<i32>(LE, a, b, out, desc); }
export function gt_i32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<i32>(GT, a, b, out, desc); }
export function ge_i32(a: usize, b: usize, out: usize, desc: usize): void { compareNd<i32>(GE, a, b, out, desc); }

export function eq_u8(a: usize, b: usize, out: usize, desc: usize): void { compareNd<u8>(EQ, a, b, out, desc); }
export function ne_u8(a: usize, b: usize, out: usize, desc: usize): void { compareNd<u8>(NE, a, b, out, desc); }
export function lt_u8(a: usize, b: usize, out: usize, desc: usize): void { compareNd<u8>(LT, a, b, out, desc); }
export function le_u8(a: usize, b: usize, out: usize, desc: usize): void { compareNd<u8>(LE, a, b, out, desc); }
export function gt_u8(a: usize, b: usize, out: usize, desc: usize): void { compareNd<u8>(GT, a, b, out, desc); }
export function ge_u8(a: usize, b: usize, out: usize, desc: usize): void { compareNd<u8>(GE, a, b, out, desc); }
