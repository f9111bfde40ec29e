/**
 * The elementwise family (src/engine/primitives.ts): unary math, reluGrad, cast, broadcasting binary
 * arithmetic, comparisons and where. Every export is `<primitive>_<storage>`; its JS wrapper is the
 * kernel of the same name in src/backend/wasm/kernels/elementwise.ts. Float semantics follow
 * src/backend/reference/kernels/elementwise.ts.
 *
 * - Unary `op_dt(x, y, n)`: y[i] = op(x[i]) for i in [0, n). x and y are 16-byte aligned (or equal); a
 *   worker may split [0, n) into sub-ranges by offsetting both pointers. sign(±0) = ±0, sign(NaN) =
 *   NaN, relu(NaN) = NaN; exp/log/tanh/sigmoid use Mathf (error below 1 ulp of float32); erf is computed in
 *   f64 as the reference computes it (lib/math.ts `erfF64`) and rounded.
 * - `reluGrad_f32(x, g, out, n)`: out[i] = x[i] > 0 ? g[i] : 0 (splittable like the unary kernels).
 * - `cast_<from>_<to>(x, y, n)` over n elements (bool is a u8 holding 0/1), with the reference's JS
 *   semantics: float → int truncates toward zero and wraps modulo 2^32 (then 2^8 for uint8) as a
 *   typed-array store does, NaN/±Inf → 0; anything → bool is `x != 0` (NaN → 1). Same-storage casts
 *   are a byte copy on the JS side (`copy_bytes`).
 * - Binary `op_dt(a, b, out, desc)` for dt in f32, i32: `desc` is an n-d loop descriptor with two
 *   operands (a, b) and a contiguous output (lib/nd.ts). After the JS side has collapsed the shapes,
 *   the row stride of each operand is 1 or 0, which covers the fast paths: same shape (one row, strides
 *   1/1), scalar (strides 1/0 or 0/1, the other splatted) and trailing-axis broadcast such as a bias add
 *   [N, C] + [C] (rows of C with strides 1/1). maximum/minimum return NaN when either side is NaN; pow
 *   is float64 Math.pow rounded; int32 results are what the reference's float64 arithmetic stores into
 *   an Int32Array (wrap modulo 2^32, division truncating toward zero with x/0 → 0).
 * - Comparisons `op_dt(a, b, out, desc)` → bool (u8 0/1), dt in f32, i32, u8 (also bool), with the
 *   same two-operand descriptor. Any comparison with NaN is false except `ne`.
 * - `where_<bits>(cond, a, b, out, desc)`: out = cond ? a : b with broadcasting of all three
 *   (three-operand descriptor); cond is bool (u8); a, b, out have 32-bit (f32/i32) or 8-bit (u8/bool)
 *   elements.
 */
import { ndAdvance, ndRank, ndRows, ndShape, ndSteps, word } from './lib/nd';
import { erfF64, f32ToI32, toInt32 } from './lib/math';

// ---- unary -----------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline const NEG: i32 = 0;
// @ts-ignore: decorator
@inline const ABS: i32 = 1;
// @ts-ignore: decorator
@inline const SQRT: i32 = 2;
// @ts-ignore: decorator
@inline const RELU: i32 = 3;
// @ts-ignore: decorator
@inline const SIGN: i32 = 4;
// @ts-ignore: decorator
@inline const EXP: i32 = 5;
// @ts-ignore: decorator
@inline const LOG: i32 = 6;
// @ts-ignore: decorator
@inline const TANH: i32 = 7;
// @ts-ignore: decorator
@inline const SIGMOID: i32 = 8;
// @ts-ignore: decorator
@inline const ERF: i32 = 9;

// @ts-ignore: decorator
@inline function scalarF32(op: i32, x: f32): f32 {
  if (op == NEG) return -x;
  if (op == ABS) return Mathf.abs(x);
  if (op == SQRT) return Mathf.sqrt(x);
  if (op == RELU) return x > 0 ? x : x != x ? x : 0;
  if (op == SIGN) return x > 0 ? 1 : x < 0 ? -1 : x;
  if (op == EXP) return Mathf.exp(x);
  if (op == LOG) return Mathf.log(x);
  if (op == TANH) return Mathf.tanh(x);
  if (op == ERF) return <f32>erfF64(<f64>x);
  if (x >= 0) return 1 / (1 + Mathf.exp(-x));
  const e = Mathf.exp(x);
  return e / (1 + e);
}

// @ts-ignore: decorator
@inline function vectorF32(op: i32, v: v128): v128 {
  if (op == NEG) return f32x4.neg(v);
  if (op == ABS) return f32x4.abs(v);
  if (op == SQRT) return f32x4.sqrt(v);
  if (op == RELU) return f32x4.max(v, f32x4.splat(0));
  // SIGN: 1 where v > 0, -1 where v < 0, v itself otherwise (±0, NaN).
  const zero = f32x4.splat(0);
  const neg = v128.bitselect(f32x4.splat(-1), v, f32x4.lt(v, zero));
  return v128.bitselect(f32x4.splat(1), neg, f32x4.gt(v, zero));
}

// @ts-ignore: decorator
@inline function unaryF32(op: i32, x: usize, y: usize, n: i32): void {
  let i = 0;
  if (op <= SIGN) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, vectorF32(op, v128.load(x + o)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, scalarF32(op, load<f32>(x + o)));
  }
}

// @ts-ignore: decorator
@inline function unaryI32(op: i32, x: usize, y: usize, n: i32): void {
  let i = 0;
  if (op != SIGN) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const v = v128.load(x + o);
      let r: v128;
      if (op == NEG) r = i32x4.neg(v);
      else if (op == ABS) r = i32x4.abs(v);
      else r = i32x4.max_s(v, i32x4.splat(0));
      v128.store(y + o, r);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<i32>(x + o);
    let r: i32;
    if (op == NEG) r = -v;
    else if (op == ABS) r = v < 0 ? -v : v;
    else if (op == RELU) r = v > 0 ? v : 0;
    else r = v > 0 ? 1 : v < 0 ? -1 : 0;
    store<i32>(y + o, r);
  }
}

export function neg_f32(x: usize, y: usize, n: i32): void { unaryF32(NEG, x, y, n); }
export function abs_f32(x: usize, y: usize, n: i32): void { unaryF32(ABS, x, y, n); }
export function sqrt_f32(x: usize, y: usize, n: i32): void { unaryF32(SQRT, x, y, n); }
export function relu_f32(x: usize, y: usize, n: i32): void { unaryF32(RELU, x, y, n); }
export function sign_f32(x: usize, y: usize, n: i32): void { unaryF32(SIGN, x, y, n); }
export function exp_f32(x: usize, y: usize, n: i32): void { unaryF32(EXP, x, y, n); }
export function log_f32(x: usize, y: usize, n: i32): void { unaryF32(LOG, x, y, n); }
export function tanh_f32(x: usize, y: usize, n: i32): void { unaryF32(TANH, x, y, n); }
export function sigmoid_f32(x: usize, y: usize, n: i32): void { unaryF32(SIGMOID, x, y, n); }
export function erf_f32(x: usize, y: usize, n: i32): void { unaryF32(ERF, x, y, n); }

export function neg_i32(x: usize, y: usize, n: i32): void { unaryI32(NEG, x, y, n); }
export function abs_i32(x: usize, y: usize, n: i32): void { unaryI32(ABS, x, y, n); }
export function relu_i32(x: usize, y: usize, n: i32): void { unaryI32(RELU, x, y, n); }
export function sign_i32(x: usize, y: usize, n: i32): void { unaryI32(SIGN, x, y, n); }

// ---- reluGrad --------------------------------------------------------------------------------

/** out[i] = x[i] > 0 ? g[i] : 0 (relu's gradient). */
export function reluGrad_f32(x: usize, g: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, v128.and(v128.load(g + o), f32x4.gt(v128.load(x + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(x + o) > 0 ? load<f32>(g + o) : 0);
  }
}

// ---- cast ------------------------------------------------------------------------------------

export function cast_f32_i32(x: usize, y: usize, n: i32): void {
  let i = 0;
  const lim = f32x4.splat(2147483648.0);
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    if (!i32x4.all_true(f32x4.lt(f32x4.abs(v), lim))) break;
    v128.store(y + o, i32x4.trunc_sat_f32x4_s(v));
  }
  for (; i < n; i++) store<i32>(y + (<usize>i << 2), f32ToI32(load<f32>(x + (<usize>i << 2))));
}
export function cast_f32_u8(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(y + <usize>i, <u8>f32ToI32(load<f32>(x + (<usize>i << 2))));
}
export function cast_f32_bool(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(y + <usize>i, load<f32>(x + (<usize>i << 2)) != 0 ? 1 : 0);
}
export function cast_i32_f32(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.convert_i32x4_s(v128.load(x + o)));
  }
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), <f32>load<i32>(x + (<usize>i << 2)));
}
export function cast_i32_u8(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(y + <usize>i, <u8>load<i32>(x + (<usize>i << 2)));
}
export function cast_i32_bool(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(y + <usize>i, load<i32>(x + (<usize>i << 2)) != 0 ? 1 : 0);
}
export function cast_u8_f32(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(y + (<usize>i << 2), <f32>load<u8>(x + <usize>i));
}
export function cast_u8_i32(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<i32>(y + (<usize>i << 2), <i32>load<u8>(x + <usize>i));
}
export function cast_u8_bool(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(y + <usize>i, load<u8>(x + <usize>i) != 0 ? 1 : 0);
}

// ---- binary arithmetic -----------------------------------------------------------------------

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

/** uint8 arithmetic wraps modulo 256, as storing the exact result in a Uint8Array does (the reference). */
// @ts-ignore: decorator
@inline function scalarU8(op: i32, a: u32, b: u32): u8 {
  if (op == ADD) return <u8>(a + b);
  if (op == SUB) return <u8>(a - b);
  if (op == MUL) return <u8>(a * b);
  if (op == MAX) return <u8>(a > b ? a : b);
  return <u8>(a < b ? a : b);
}

/** binaryNd over one-byte elements (scalar: uint8 arithmetic is rare and never on a hot path). */
// @ts-ignore: decorator
@inline function binaryNdU8(op: i32, a: usize, b: usize, out: usize, desc: usize): void {
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const stA = ndSteps(desc, rank, 0);
  const stB = ndSteps(desc, rank, 1);
  const n = word(shape, rank - 1);
  const ia = word(stA, rank - 1);
  const ib = word(stB, rank - 1);
  const rows = ndRows(desc, 2);
  let oa: i32 = 0;
  let ob: i32 = 0;
  let po = out;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++)
      store<u8>(po + <usize>j, scalarU8(op, load<u8>(a + <usize>(oa + j * ia)), load<u8>(b + <usize>(ob + j * ib))));
    po += <usize>n;
    if (r + 1 < rows) {
      const d = ndAdvance(desc, 2);
      oa += word(stA, d);
      ob += word(stB, d);
    }
  }
}

export function add_u8(a: usize, b: usize, out: usize, desc: usize): void { binaryNdU8(ADD, a, b, out, desc); }
export function sub_u8(a: usize, b: usize, out: usize, desc: usize): void { binaryNdU8(SUB, a, b, out, desc); }
export function mul_u8(a: usize, b: usize, out: usize, desc: usize): void { binaryNdU8(MUL, a, b, out, desc); }
export function maximum_u8(a: usize, b: usize, out: usize, desc: usize): void { binaryNdU8(MAX, a, b, out, desc); }
export function minimum_u8(a: usize, b: usize, out: usize, desc: usize): void { binaryNdU8(MIN, a, b, out, desc); }

// ---- comparisons -----------------------------------------------------------------------------

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

// ---- where -----------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function whereNd<T>(c: usize, a: usize, b: usize, out: usize, desc: usize): void {
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const stC = ndSteps(desc, rank, 0);
  const stA = ndSteps(desc, rank, 1);
  const stB = ndSteps(desc, rank, 2);
  const n = word(shape, rank - 1);
  const ic = word(stC, rank - 1);
  const ia = word(stA, rank - 1);
  const ib = word(stB, rank - 1);
  const rows = ndRows(desc, 3);
  const sz = <usize>sizeof<T>();
  let oc: i32 = 0;
  let oa: i32 = 0;
  let ob: i32 = 0;
  let po = out;
  for (let r = 0; r < rows; r++) {
    const pc = c + <usize>oc;
    const pa = a + <usize>oa * sz;
    const pb = b + <usize>ob * sz;
    for (let j = 0; j < n; j++) {
      const v = load<u8>(pc + <usize>(j * ic)) != 0 ? load<T>(pa + <usize>(j * ia) * sz) : load<T>(pb + <usize>(j * ib) * sz);
      store<T>(po + <usize>j * sz, v);
    }
    po += <usize>n * sz;
    if (r + 1 < rows) {
      const d = ndAdvance(desc, 3);
      oc += word(stC, d);
      oa += word(stA, d);
      ob += word(stB, d);
    }
  }
}

export function where_32(c: usize, a: usize, b: usize, out: usize, desc: usize): void { whereNd<u32>(c, a, b, out, desc); }
export function where_8(c: usize, a: usize, b: usize, out: usize, desc: usize): void { whereNd<u8>(c, a, b, out, desc); }
