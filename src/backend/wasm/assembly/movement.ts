/**
 * The movement family (src/engine/primitives.ts): permute, slice, broadcastTo, concat and pad, each
 * `<primitive>_<bits>` for 32-bit (f32/i32) and 8-bit (u8/bool) elements, all one strided copy over a
 * two-operand descriptor (lib/nd.ts: operand 0 = src, operand 1 = dst, steps in elements); the JS
 * wrappers (src/backend/wasm/kernels/movement.ts) build the descriptor, and the pointers already
 * include the start offsets (slice begin, concat position). A row with both strides 1 is one
 * memory.copy; a row with src stride 0 is a fill (broadcast).
 *
 *   permute_<bits>(x, y, desc), slice_<bits>(x, y, desc), broadcastTo_<bits>(x, y, desc)
 *   concat_<bits>(part, y, desc)         one part, `y` at the part's first position
 *   pad_<bits>(x, y, n, value, interior, desc)
 *                                        y[0, n) = value (bit pattern / byte), then x copied to `interior`
 *
 * Plus the raw helpers other wrappers use (not primitives): fill_32(dst, n, bits) / fill_8(dst, n,
 * value) set n elements to a bit pattern / byte; copy_bytes(src, dst, nbytes) is memory.copy.
 */
import { ndAdvance, ndRank, ndRows, ndShape, ndSteps, word } from './lib/nd';

export function fill_32(dst: usize, n: i32, bits: i32): void {
  const v = i32x4.splat(bits);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v);
  for (; i < n; i++) store<i32>(dst + (<usize>i << 2), bits);
}

export function fill_8(dst: usize, n: i32, value: i32): void {
  memory.fill(dst, <u8>value, <usize>n);
}

export function copy_bytes(src: usize, dst: usize, nbytes: usize): void {
  memory.copy(dst, src, nbytes);
}

/** The strided copy behind every movement primitive (one instance per element type). */
function copyNd<T>(src: usize, dst: usize, desc: usize): void {
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const stS = ndSteps(desc, rank, 0);
  const stD = ndSteps(desc, rank, 1);
  const n = word(shape, rank - 1);
  const is = word(stS, rank - 1);
  const id = word(stD, rank - 1);
  const rows = ndRows(desc, 2);
  const sz = <usize>sizeof<T>();
  let os: i32 = 0;
  let od: i32 = 0;
  for (let r = 0; r < rows; r++) {
    const ps = src + <usize>os * sz;
    const pd = dst + <usize>od * sz;
    if (is == 1 && id == 1) {
      memory.copy(pd, ps, <usize>n * sz);
    } else if (is == 0 && id == 1) {
      const v = load<T>(ps);
      for (let j = 0; j < n; j++) store<T>(pd + <usize>j * sz, v);
    } else {
      const ss = <usize>is * sz;
      const sd = <usize>id * sz;
      let a = ps;
      let b = pd;
      for (let j = 0; j < n; j++) {
        store<T>(b, load<T>(a));
        a += ss;
        b += sd;
      }
    }
    if (r + 1 < rows) {
      const d = ndAdvance(desc, 2);
      os += word(stS, d);
      od += word(stD, d);
    }
  }
}

export function permute_32(x: usize, y: usize, desc: usize): void { copyNd<u32>(x, y, desc); }
export function permute_8(x: usize, y: usize, desc: usize): void { copyNd<u8>(x, y, desc); }
export function slice_32(x: usize, y: usize, desc: usize): void { copyNd<u32>(x, y, desc); }
export function slice_8(x: usize, y: usize, desc: usize): void { copyNd<u8>(x, y, desc); }
export function broadcastTo_32(x: usize, y: usize, desc: usize): void { copyNd<u32>(x, y, desc); }
export function broadcastTo_8(x: usize, y: usize, desc: usize): void { copyNd<u8>(x, y, desc); }
export function concat_32(part: usize, y: usize, desc: usize): void { copyNd<u32>(part, y, desc); }
export function concat_8(part: usize, y: usize, desc: usize): void { copyNd<u8>(part, y, desc); }

export function pad_32(x: usize, y: usize, n: i32, bits: i32, interior: usize, desc: usize): void {
  fill_32(y, n, bits);
  copyNd<u32>(x, interior, desc);
}
export function pad_8(x: usize, y: usize, n: i32, value: i32, interior: usize, desc: usize): void {
  fill_8(y, n, value);
  copyNd<u8>(x, interior, desc);
}
