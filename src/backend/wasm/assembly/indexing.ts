/**
 * The indexing family: torch.gather / torch.scatter_add along one axis, matching
 * src/backend/reference/kernels/indexing.ts.
 *
 * gather_<bits>(x, index, out, axisStride, axisLen, desc): out and index (int32) share the output
 *   shape and are walked contiguously; the one-operand descriptor gives x's steps over that shape
 *   with the gathered axis' stride zeroed; out[p] = x[rowOffset(p) + index[p] * axisStride].
 * scatterAdd_<dt>(src, index, out, axisStride, axisLen, desc): src and index share src's shape; the
 *   descriptor gives out's steps over it (axis zeroed); out[...] += src[p]. `out` must be zeroed first.
 * Both return -1, or the flat position of the first index outside [0, axisLen) (the JS side throws
 * the reference's error; a partially written output is discarded).
 */
import { ndAdvance, ndRank, ndRows, ndShape, ndSteps, word } from './lib/nd';

// @ts-ignore: decorator
@inline function gatherNd<T>(x: usize, index: usize, out: usize, axisStride: i32, axisLen: i32, desc: usize): i32 {
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const st = ndSteps(desc, rank, 0);
  const n = word(shape, rank - 1);
  const ix = word(st, rank - 1);
  const rows = ndRows(desc, 1);
  const sz = <usize>sizeof<T>();
  let ox: i32 = 0;
  let pos: i32 = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      const k = load<i32>(index + (<usize>pos << 2));
      if (<u32>k >= <u32>axisLen) return pos;
      store<T>(out + <usize>pos * sz, load<T>(x + <usize>(ox + j * ix + k * axisStride) * sz));
      pos++;
    }
    if (r + 1 < rows) ox += word(st, ndAdvance(desc, 1));
  }
  return -1;
}

// @ts-ignore: decorator
@inline function scatterAddNd<T>(src: usize, index: usize, out: usize, axisStride: i32, axisLen: i32, desc: usize): i32 {
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const st = ndSteps(desc, rank, 0);
  const n = word(shape, rank - 1);
  const io = word(st, rank - 1);
  const rows = ndRows(desc, 1);
  const sz = <usize>sizeof<T>();
  let oo: i32 = 0;
  let pos: i32 = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      const k = load<i32>(index + (<usize>pos << 2));
      if (<u32>k >= <u32>axisLen) return pos;
      const p = out + <usize>(oo + j * io + k * axisStride) * sz;
      store<T>(p, load<T>(p) + load<T>(src + <usize>pos * sz));
      pos++;
    }
    if (r + 1 < rows) oo += word(st, ndAdvance(desc, 1));
  }
  return -1;
}

export function gather_32(x: usize, index: usize, out: usize, axisStride: i32, axisLen: i32, desc: usize): i32 {
  return gatherNd<u32>(x, index, out, axisStride, axisLen, desc);
}
export function gather_8(x: usize, index: usize, out: usize, axisStride: i32, axisLen: i32, desc: usize): i32 {
  return gatherNd<u8>(x, index, out, axisStride, axisLen, desc);
}
export function scatterAdd_f32(src: usize, index: usize, out: usize, axisStride: i32, axisLen: i32, desc: usize): i32 {
  return scatterAddNd<f32>(src, index, out, axisStride, axisLen, desc);
}
export function scatterAdd_i32(src: usize, index: usize, out: usize, axisStride: i32, axisLen: i32, desc: usize): i32 {
  return scatterAddNd<i32>(src, index, out, axisStride, axisLen, desc);
}
export function scatterAdd_u8(src: usize, index: usize, out: usize, axisStride: i32, axisLen: i32, desc: usize): i32 {
  return scatterAddNd<u8>(src, index, out, axisStride, axisLen, desc);
}
