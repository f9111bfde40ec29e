/**
 * dtype conversions `cast_<from>_<to>(x, y, n)` over n elements (bool is a u8 holding 0/1), with the
 * reference backend's JS semantics: float → int truncates toward zero and wraps modulo 2^32 (then
 * 2^8 for uint8) as a typed-array store does, NaN/±Inf → 0; anything → bool is `x != 0` (NaN → 1).
 */
import { f32ToI32 } from './lib/math';

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
