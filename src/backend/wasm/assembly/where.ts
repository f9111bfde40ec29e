/**
 * `where_<bits>(cond, a, b, out, desc)`: out = cond ? a : b with broadcasting of all three (three-operand
 * descriptor, lib/nd.ts); cond is bool (u8); a, b, out have 32-bit (f32/i32) or 8-bit (u8/bool) elements.
 */
import { ndAdvance, ndRank, ndRows, ndShape, ndSteps, word } from './lib/nd';

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
