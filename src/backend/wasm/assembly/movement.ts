/**
 * Data movement for permute, slice, broadcastTo, pad and concat (one kernel serves them all), plus fills.
 *
 * copy_nd_<bits>(src, dst, desc): a two-operand descriptor (lib/nd.ts), operand 0 = src, operand 1 =
 * dst; both pointers already include the start offsets (slice begin, pad before, concat position).
 * A row with both strides 1 is one memory.copy; a row with src stride 0 is a fill (broadcast).
 * fill_32(dst, n, bits) / fill_8(dst, n, value): n elements set to the bit pattern / byte.
 * copy_bytes(src, dst, nbytes): memory.copy.
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

// @ts-ignore: decorator
@inline function copyNd<T>(src: usize, dst: usize, desc: usize): void {
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

export function copy_nd_32(src: usize, dst: usize, desc: usize): void { copyNd<u32>(src, dst, desc); }
export function copy_nd_8(src: usize, dst: usize, desc: usize): void { copyNd<u8>(src, dst, desc); }
