/**
 * The reduce family: reductions with kept (size-1) axes, matching src/backend/reference/kernels/reduce.ts.
 *
 * sum/max/min walk the contiguous input in row-major order with a one-operand descriptor (lib/nd.ts)
 * whose steps are the OUTPUT's (0 along reduced axes): after collapsing, a row is either reduced to
 * one output element (row stride 0) or added elementwise into a row of outputs (row stride 1).
 *   sum_f32(x, out, acc, outSize, desc): accumulates in float64 in `acc` (outSize*8 bytes of scratch),
 *     then rounds once, like the reference; sum_i32 accumulates in int64 and wraps (same result).
 *   max_dt / min_dt(x, out, outSize, desc): NaN propagates (a NaN anywhere gives NaN).
 * argmax/argmin_dt(x, out, outer, n, inner): x viewed as [outer, n, inner], out [outer, inner] int32,
 *   index of the first extreme along n; a NaN counts as the extreme (the first NaN wins), like PyTorch.
 */
import { ndAdvance, ndRank, ndRows, ndShape, ndSteps, word } from './lib/nd';

/** Sum of n floats at p, in float64 (two f64x2 accumulators plus a scalar tail). */
function rowSumF32(p: usize, n: i32): f64 {
  let v0 = f64x2.splat(0);
  let v1 = f64x2.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(p + (<usize>j << 2));
    v0 = f64x2.add(v0, f64x2.promote_low_f32x4(v));
    v1 = f64x2.add(v1, f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 1)));
  }
  const s = f64x2.add(v0, v1);
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; j < n; j++) total += <f64>load<f32>(p + (<usize>j << 2));
  return total;
}

/** acc[j] += x[j] (float64 accumulators) for j < n. */
function rowAccF32(acc: usize, p: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(p + (<usize>j << 2));
    const a = acc + (<usize>j << 3);
    v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
    v128.store(a + 16, f64x2.add(v128.load(a + 16), f64x2.promote_low_f32x4(i64x2.shuffle(v, v, 1, 1))));
  }
  for (; j < n; j++) {
    const a = acc + (<usize>j << 3);
    store<f64>(a, load<f64>(a) + <f64>load<f32>(p + (<usize>j << 2)));
  }
}

export function sum_f32(x: usize, out: usize, acc: usize, outSize: i32, desc: usize): void {
  memory.fill(acc, 0, <usize>outSize << 3);
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const st = ndSteps(desc, rank, 0);
  const n = word(shape, rank - 1);
  const io = word(st, rank - 1);
  const rows = ndRows(desc, 1);
  let q: i32 = 0;
  let p = x;
  for (let r = 0; r < rows; r++) {
    const a = acc + (<usize>q << 3);
    if (io == 0) store<f64>(a, load<f64>(a) + rowSumF32(p, n));
    else rowAccF32(a, p, n);
    p += <usize>n << 2;
    if (r + 1 < rows) q += word(st, ndAdvance(desc, 1));
  }
  for (let i = 0; i < outSize; i++) store<f32>(out + (<usize>i << 2), <f32>load<f64>(acc + (<usize>i << 3)));
}

export function sum_i32(x: usize, out: usize, acc: usize, outSize: i32, desc: usize): void {
  memory.fill(acc, 0, <usize>outSize << 3);
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const st = ndSteps(desc, rank, 0);
  const n = word(shape, rank - 1);
  const io = word(st, rank - 1);
  const rows = ndRows(desc, 1);
  let q: i32 = 0;
  let p = x;
  for (let r = 0; r < rows; r++) {
    const a = acc + (<usize>q << 3);
    if (io == 0) {
      let s: i64 = 0;
      for (let j = 0; j < n; j++) s += <i64>load<i32>(p + (<usize>j << 2));
      store<i64>(a, load<i64>(a) + s);
    } else {
      for (let j = 0; j < n; j++) {
        const aj = a + (<usize>j << 3);
        store<i64>(aj, load<i64>(aj) + <i64>load<i32>(p + (<usize>j << 2)));
      }
    }
    p += <usize>n << 2;
    if (r + 1 < rows) q += word(st, ndAdvance(desc, 1));
  }
  for (let i = 0; i < outSize; i++) store<i32>(out + (<usize>i << 2), <i32>load<i64>(acc + (<usize>i << 3)));
}

/** The reference's update rule: take v if it is more extreme or NaN (so NaN sticks). */
// @ts-ignore: decorator
@inline function pick<T>(isMax: bool, acc: T, v: T): T {
  if (isFloat<T>()) {
    if (isMax) return v > acc || v != v ? v : acc;
    return v < acc || v != v ? v : acc;
  }
  if (isMax) return v > acc ? v : acc;
  return v < acc ? v : acc;
}

/** NaN-propagating lane-wise max/min (only for 4-byte T). */
// @ts-ignore: decorator
@inline function pick4<T>(isMax: bool, a: v128, b: v128): v128 {
  if (isFloat<T>()) return isMax ? f32x4.max(a, b) : f32x4.min(a, b);
  return isMax ? i32x4.max_s(a, b) : i32x4.min_s(a, b);
}

// @ts-ignore: decorator
@inline function identity<T>(isMax: bool): T {
  if (isFloat<T>()) return isMax ? <T>-Infinity : <T>Infinity;
  if (sizeof<T>() == 4) return isMax ? <T>i32.MIN_VALUE : <T>i32.MAX_VALUE;
  return isMax ? <T>0 : <T>255;
}

// @ts-ignore: decorator
@inline function extremeNd<T>(isMax: bool, x: usize, out: usize, outSize: i32, desc: usize): void {
  const sz = <usize>sizeof<T>();
  const init = identity<T>(isMax);
  for (let i = 0; i < outSize; i++) store<T>(out + <usize>i * sz, init);
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const st = ndSteps(desc, rank, 0);
  const n = word(shape, rank - 1);
  const io = word(st, rank - 1);
  const rows = ndRows(desc, 1);
  let q: i32 = 0;
  let p = x;
  for (let r = 0; r < rows; r++) {
    const o = out + <usize>q * sz;
    let j = 0;
    if (io == 0) {
      let m = load<T>(o);
      if (sz == 4 && n >= 8) {
        let v = v128.load(p);
        for (j = 4; j + 4 <= n; j += 4) v = pick4<T>(isMax, v, v128.load(p + (<usize>j << 2)));
        // Fold the four lanes in order (NaN anywhere stays NaN).
        if (isFloat<T>()) {
          m = pick<T>(isMax, m, <T>f32x4.extract_lane(v, 0));
          m = pick<T>(isMax, m, <T>f32x4.extract_lane(v, 1));
          m = pick<T>(isMax, m, <T>f32x4.extract_lane(v, 2));
          m = pick<T>(isMax, m, <T>f32x4.extract_lane(v, 3));
        } else {
          m = pick<T>(isMax, m, <T>i32x4.extract_lane(v, 0));
          m = pick<T>(isMax, m, <T>i32x4.extract_lane(v, 1));
          m = pick<T>(isMax, m, <T>i32x4.extract_lane(v, 2));
          m = pick<T>(isMax, m, <T>i32x4.extract_lane(v, 3));
        }
      }
      for (; j < n; j++) m = pick<T>(isMax, m, load<T>(p + <usize>j * sz));
      store<T>(o, m);
    } else {
      if (sz == 4) {
        for (; j + 4 <= n; j += 4) {
          const off = <usize>j << 2;
          v128.store(o + off, pick4<T>(isMax, v128.load(o + off), v128.load(p + off)));
        }
      }
      for (; j < n; j++) {
        const oj = o + <usize>j * sz;
        store<T>(oj, pick<T>(isMax, load<T>(oj), load<T>(p + <usize>j * sz)));
      }
    }
    p += <usize>n * sz;
    if (r + 1 < rows) q += word(st, ndAdvance(desc, 1));
  }
}

export function max_f32(x: usize, out: usize, outSize: i32, desc: usize): void { extremeNd<f32>(true, x, out, outSize, desc); }
export function min_f32(x: usize, out: usize, outSize: i32, desc: usize): void { extremeNd<f32>(false, x, out, outSize, desc); }
export function max_i32(x: usize, out: usize, outSize: i32, desc: usize): void { extremeNd<i32>(true, x, out, outSize, desc); }
export function min_i32(x: usize, out: usize, outSize: i32, desc: usize): void { extremeNd<i32>(false, x, out, outSize, desc); }
export function max_u8(x: usize, out: usize, outSize: i32, desc: usize): void { extremeNd<u8>(true, x, out, outSize, desc); }
export function min_u8(x: usize, out: usize, outSize: i32, desc: usize): void { extremeNd<u8>(false, x, out, outSize, desc); }

// @ts-ignore: decorator
@inline function argExtreme<T>(isMax: bool, x: usize, out: usize, outer: i32, n: i32, inner: i32): void {
  const sz = <usize>sizeof<T>();
  const step = <usize>inner * sz;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = x + (<usize>o * <usize>n * <usize>inner + <usize>i) * sz;
      let best = load<T>(base);
      let bestIdx = 0;
      if (!isFloat<T>() || best == best) {
        let p = base;
        for (let k = 1; k < n; k++) {
          p += step;
          const v = load<T>(p);
          if (isFloat<T>()) {
            if (v != v) {
              bestIdx = k;
              break;
            }
          }
          if (isMax ? v > best : v < best) {
            best = v;
            bestIdx = k;
          }
        }
      }
      store<i32>(out + ((<usize>o * <usize>inner + <usize>i) << 2), bestIdx);
    }
  }
}

export function argmax_f32(x: usize, out: usize, outer: i32, n: i32, inner: i32): void { argExtreme<f32>(true, x, out, outer, n, inner); }
export function argmin_f32(x: usize, out: usize, outer: i32, n: i32, inner: i32): void { argExtreme<f32>(false, x, out, outer, n, inner); }
export function argmax_i32(x: usize, out: usize, outer: i32, n: i32, inner: i32): void { argExtreme<i32>(true, x, out, outer, n, inner); }
export function argmin_i32(x: usize, out: usize, outer: i32, n: i32, inner: i32): void { argExtreme<i32>(false, x, out, outer, n, inner); }
export function argmax_u8(x: usize, out: usize, outer: i32, n: i32, inner: i32): void { argExtreme<u8>(true, x, out, outer, n, inner); }
export function argmin_u8(x: usize, out: usize, outer: i32, n: i32, inner: i32): void { argExtreme<u8>(false, x, out, outer, n, inner); }
