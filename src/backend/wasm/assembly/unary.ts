/**
 * Elementwise unary kernels: `op_dt(x, y, n)` writes y[i] = op(x[i]) for i in [0, n).
 * x and y are 16-byte aligned (or equal); a worker may split [0, n) into sub-ranges by offsetting both
 * pointers. Float semantics follow src/backend/reference/elementwise.ts: sign(±0) = ±0, sign(NaN) =
 * NaN, relu(NaN) = NaN; exp/log/tanh/sigmoid use Mathf (error below 1 ulp of float32).
 */

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
@inline function scalarF32(op: i32, x: f32): f32 {
  if (op == NEG) return -x;
  if (op == ABS) return Mathf.abs(x);
  if (op == SQRT) return Mathf.sqrt(x);
  if (op == RELU) return x > 0 ? x : x != x ? x : 0;
  if (op == SIGN) return x > 0 ? 1 : x < 0 ? -1 : x;
  if (op == EXP) return Mathf.exp(x);
  if (op == LOG) return Mathf.log(x);
  if (op == TANH) return Mathf.tanh(x);
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

export function neg_i32(x: usize, y: usize, n: i32): void { unaryI32(NEG, x, y, n); }
export function abs_i32(x: usize, y: usize, n: i32): void { unaryI32(ABS, x, y, n); }
export function relu_i32(x: usize, y: usize, n: i32): void { unaryI32(RELU, x, y, n); }
export function sign_i32(x: usize, y: usize, n: i32): void { unaryI32(SIGN, x, y, n); }
