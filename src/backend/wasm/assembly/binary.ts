/**
 * Broadcasting binary arithmetic `op_dt(a, b, out, desc)` for dt in f32, i32, where `desc` is an n-d
 * loop descriptor with two operands (a, b) and a contiguous output (see lib/nd.ts). After the JS side
 * has collapsed the shapes, the row stride of each operand is 1 or 0, which covers the fast paths:
 * same shape (one row, strides 1/1), scalar (strides 1/0 or 0/1, the other splatted) and trailing-axis
 * broadcast such as a bias add [N, C] + [C] (rows of C with strides 1/1).
 *
 * Semantics match src/backend/reference/elementwise.ts: maximum/minimum return NaN when either side is
 * NaN; pow is float64 Math.pow rounded; int32 results are what the reference's float64 arithmetic
 * stores into an Int32Array (wrap modulo 2^32, division truncating toward zero with x/0 → 0).
 */
import { ndAdvance, ndRank, ndRows, ndShape, ndSteps, word } from './lib/nd';
import { toInt32 } from './lib/math';

// @ts-ignore: decorator
@inline const ADD: i32 = 0;
// @ts-ignore: decorator
@inline const SUB: i32 = 1;
// @ts-ignore: decorator
@inline const MUL: i32 = 2;
// @ts-ignore: decorator
@inline const DIV: i32 = 3;
// @ts-ignore: decorator
@inline const POW: i32 = 4;
// @ts-ignore: decorator
@inline const MAX: i32 = 5;
// @ts-ignore: decorator
@inline const MIN: i32 = 6;

// @ts-ignore: decorator
@inline function scalarOp<T>(op: i32, a: T, b: T): T {
  if (isFloat<T>()) {
    if (op == ADD) return a + b;
    if (op == SUB) return a - b;
    if (op == MUL) return a * b;
    if (op == DIV) return a / b;
    if (op == POW) return <T>Math.pow(<f64>a, <f64>b);
    if (op == MAX) return a != a || b != b ? <T>NaN : a > b ? a : b;
    return a != a || b != b ? <T>NaN : a < b ? a : b;
  } else {
    const x = <i32>a;
    const y = <i32>b;
    if (op == ADD) return <T>(x + y);
    if (op == SUB) return <T>(x - y);
    if (op == MUL) return <T><i32><i64><f64>(<i64>x * <i64>y);
    if (op == DIV) return <T>(y == 0 ? 0 : x == i32.MIN_VALUE && y == -1 ? x : x / y);
    if (op == POW) return <T>toInt32(Math.pow(<f64>x, <f64>y));
    if (op == MAX) return <T>(x > y ? x : y);
    return <T>(x < y ? x : y);
  }
}

/** Whether `op` on T has a SIMD form. */
// @ts-ignore: decorator
@inline function hasVector<T>(op: i32): bool {
  if (isFloat<T>()) return op != POW;
  return op == ADD || op == SUB || op == MAX || op == MIN;
}

// @ts-ignore: decorator
@inline function vectorOp<T>(op: i32, a: v128, b: v128): v128 {
  if (isFloat<T>()) {
    if (op == ADD) return f32x4.add(a, b);
    if (op == SUB) return f32x4.sub(a, b);
    if (op == MUL) return f32x4.mul(a, b);
    if (op == DIV) return f32x4.div(a, b);
    if (op == MAX) return f32x4.max(a, b);
    return f32x4.min(a, b);
  } else {
    if (op == ADD) return i32x4.add(a, b);
    if (op == SUB) return i32x4.sub(a, b);
    if (op == MAX) return i32x4.max_s(a, b);
    return i32x4.min_s(a, b);
  }
}

// @ts-ignore: decorator
@inline function splat4<T>(p: usize): v128 {
  return isFloat<T>() ? f32x4.splat(load<f32>(p)) : i32x4.splat(load<i32>(p));
}

/** One row of n outputs; sa, sb are the operands' strides along the row (0 or 1). */
// @ts-ignore: decorator
@inline function binaryRow<T>(op: i32, a: usize, sa: i32, b: usize, sb: i32, o: usize, n: i32): void {
  let j = 0;
  if (hasVector<T>(op)) {
    if (sa == 1 && sb == 1) {
      for (; j + 4 <= n; j += 4) {
        const off = <usize>j << 2;
        v128.store(o + off, vectorOp<T>(op, v128.load(a + off), v128.load(b + off)));
      }
    } else if (sa == 1 && sb == 0) {
      const vb = splat4<T>(b);
      for (; j + 4 <= n; j += 4) {
        const off = <usize>j << 2;
        v128.store(o + off, vectorOp<T>(op, v128.load(a + off), vb));
      }
    } else if (sa == 0 && sb == 1) {
      const va = splat4<T>(a);
      for (; j + 4 <= n; j += 4) {
        const off = <usize>j << 2;
        v128.store(o + off, vectorOp<T>(op, va, v128.load(b + off)));
      }
    }
  }
  for (; j < n; j++) {
    store<T>(o + (<usize>j << 2), scalarOp<T>(op, load<T>(a + (<usize>(j * sa) << 2)), load<T>(b + (<usize>(j * sb) << 2))));
  }
}

// @ts-ignore: decorator
@inline function binaryNd<T>(op: i32, a: usize, b: usize, out: usize, desc: usize): void {
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const stA = ndSteps(desc, rank, 0);
  const stB = ndSteps(desc, rank, 1);
  const n = word(shape, rank - 1);
  const ia = word(stA, rank - 1);
  const ib = word(stB, rank - 1);
  const rows = ndRows(desc, 2);
  const rowBytes = <usize>n << 2;
  let oa: i32 = 0;
  let ob: i32 = 0;
  let po = out;
  for (let r = 0; r < rows; r++) {
    binaryRow<T>(op, a + (<usize>oa << 2), ia, b + (<usize>ob << 2), ib, po, n);
    po += rowBytes;
    if (r + 1 < rows) {
      const d = ndAdvance(desc, 2);
      oa += word(stA, d);
      ob += word(stB, d);
    }
  }
}

export function add_f32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<f32>(ADD, a, b, out, desc); }
export function sub_f32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<f32>(SUB, a, b, out, desc); }
export function mul_f32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<f32>(MUL, a, b, out, desc); }
export function div_f32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<f32>(DIV, a, b, out, desc); }
export function pow_f32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<f32>(POW, a, b, out, desc); }
export function maximum_f32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<f32>(MAX, a, b, out, desc); }
export function minimum_f32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<f32>(MIN, a, b, out, desc); }

export function add_i32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<i32>(ADD, a, b, out, desc); }
export function sub_i32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<i32>(SUB, a, b, out, desc); }
export function mul_i32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<i32>(MUL, a, b, out, desc); }
export function div_i32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<i32>(DIV, a, b, out, desc); }
export function pow_i32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<i32>(POW, a, b, out, desc); }
export function maximum_i32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<i32>(MAX, a, b, out, desc); }
export function minimum_i32(a: usize, b: usize, out: usize, desc: usize): void { binaryNd<i32>(MIN, a, b, out, desc); }
