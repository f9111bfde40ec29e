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
 *
 * Sorting and selection (the value order of src/engine/order.ts, as u32 keys: lib/order.ts); <dt> is
 * f32, i32 or u8 (uint8 and bool):
 * topk_<dt>(x, out, n, inner, k, largest, sorted, start, end, heap): x viewed as [outer, n, inner],
 *   out int32 [outer, k, inner]; the lines l in [start, end) of the outer·inner lines
 *   (l = o·inner + i); `heap` is k·8 bytes of scratch per caller. Each entry is the u64
 *   (key << 32) | ~index (key complemented for smallest), so a larger entry comes first and equal
 *   values go lower index first; a min-heap of the k best seen (O(n log k)), then a heap sort.
 * searchSorted_<dt>(sorted, n, values, out, m, right): out[q] (int32, q < m) = the first i < n with
 *   key(sorted[i]) >= key(values[q]) (> when right), else n.
 * nonzero_<dt>(x, n, out, desc) → K, the number of non-zero entries (f32: neither +0 nor −0; NaN
 *   counts); out = 0 only counts; otherwise writes their int32 coordinates [K, rank] in row-major
 *   order, with desc = [rank, shape[rank], counters[rank]] (the counters are scratch).
 * unique_<dt>(x, n, scratch) → U: the distinct values of x[0, n) ascending, written to scratch[0, U)
 *   in x's element type; scratch is n·8 + 1024 bytes (i32/f32: keys, radix buffer, counts) or 512
 *   bytes (u8: values, presence table). f32: one canonical NaN last; the zero is x's first zero (−0 or +0).
 */
import { ndAdvance, ndRank, ndRows, ndShape, ndSteps, word } from './lib/nd';
import { heapSortDescending, heapify, keyAt, keyI32, keyF32, radixSortU32, siftDown, valueF32 } from './lib/order';

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

// @ts-ignore: decorator
@inline function topkLines<T>(x: usize, out: usize, n: i32, inner: i32, k: i32, largest: i32, sorted: i32,
  start: i32, end: i32, heap: usize): void {
  const flip: u32 = largest != 0 ? 0 : 0xFFFFFFFF;
  for (let l = start; l < end; l++) {
    const o = l / inner;
    const base = o * n * inner + (l - o * inner);
    for (let j = 0; j < k; j++) store<u64>(heap + (<usize>j << 3), (<u64>(keyAt<T>(x, base + j * inner) ^ flip) << 32) | <u64>~(<u32>j));
    heapify(heap, k);
    let worst = load<u64>(heap);
    for (let j = k; j < n; j++) {
      const e = (<u64>(keyAt<T>(x, base + j * inner) ^ flip) << 32) | <u64>~(<u32>j);
      if (e > worst) {
        store<u64>(heap, e);
        siftDown(heap, k, 0);
        worst = load<u64>(heap);
      }
    }
    if (sorted == 0) {
      // Order the chosen by index instead: entries ~index only (descending = ascending index).
      for (let q = 0; q < k; q++) store<u64>(heap + (<usize>q << 3), load<u64>(heap + (<usize>q << 3)) & 0xFFFFFFFF);
      heapify(heap, k);
    }
    heapSortDescending(heap, k);
    const ob = o * k * inner + (l - o * inner);
    for (let q = 0; q < k; q++) store<i32>(out + (<usize>(ob + q * inner) << 2), <i32>~(<u32>load<u64>(heap + (<usize>q << 3))));
  }
}

export function topk_f32(x: usize, out: usize, n: i32, inner: i32, k: i32, largest: i32, sorted: i32,
  start: i32, end: i32, heap: usize): void {
  topkLines<f32>(x, out, n, inner, k, largest, sorted, start, end, heap);
}
export function topk_i32(x: usize, out: usize, n: i32, inner: i32, k: i32, largest: i32, sorted: i32,
  start: i32, end: i32, heap: usize): void {
  topkLines<i32>(x, out, n, inner, k, largest, sorted, start, end, heap);
}
export function topk_u8(x: usize, out: usize, n: i32, inner: i32, k: i32, largest: i32, sorted: i32,
  start: i32, end: i32, heap: usize): void {
  topkLines<u8>(x, out, n, inner, k, largest, sorted, start, end, heap);
}

// @ts-ignore: decorator
@inline function searchSortedT<T>(sorted: usize, n: i32, values: usize, out: usize, m: i32, right: i32): void {
  for (let q = 0; q < m; q++) {
    const key = keyAt<T>(values, q);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = keyAt<T>(sorted, mid);
      if (s < key || (right != 0 && s == key)) lo = mid + 1;
      else hi = mid;
    }
    store<i32>(out + (<usize>q << 2), lo);
  }
}

export function searchSorted_f32(sorted: usize, n: i32, values: usize, out: usize, m: i32, right: i32): void {
  searchSortedT<f32>(sorted, n, values, out, m, right);
}
export function searchSorted_i32(sorted: usize, n: i32, values: usize, out: usize, m: i32, right: i32): void {
  searchSortedT<i32>(sorted, n, values, out, m, right);
}
export function searchSorted_u8(sorted: usize, n: i32, values: usize, out: usize, m: i32, right: i32): void {
  searchSortedT<u8>(sorted, n, values, out, m, right);
}

// @ts-ignore: decorator
@inline function isNonzero<T>(x: usize, i: i32): bool {
  if (isFloat<T>()) return (load<u32>(x + (<usize>i << 2)) << 1) != 0;
  if (sizeof<T>() == 4) return load<i32>(x + (<usize>i << 2)) != 0;
  return load<u8>(x + <usize>i) != 0;
}

// @ts-ignore: decorator
@inline function nonzeroT<T>(x: usize, n: i32, out: usize, desc: usize): i32 {
  let count = 0;
  if (out == 0) {
    for (let i = 0; i < n; i++) if (isNonzero<T>(x, i)) count++;
    return count;
  }
  const rank = load<i32>(desc);
  const shape = desc + 4;
  const cnt = shape + (<usize>rank << 2);
  memory.fill(cnt, 0, <usize>rank << 2);
  let w = out;
  for (let i = 0; i < n; i++) {
    if (isNonzero<T>(x, i)) {
      memory.copy(w, cnt, <usize>rank << 2);
      w += <usize>rank << 2;
      count++;
    }
    for (let d = rank - 1; d >= 0; d--) {
      const p = cnt + (<usize>d << 2);
      const c = load<i32>(p) + 1;
      if (c < word(shape, d)) {
        store<i32>(p, c);
        break;
      }
      store<i32>(p, 0);
    }
  }
  return count;
}

export function nonzero_f32(x: usize, n: i32, out: usize, desc: usize): i32 {
  return nonzeroT<f32>(x, n, out, desc);
}
export function nonzero_i32(x: usize, n: i32, out: usize, desc: usize): i32 {
  return nonzeroT<i32>(x, n, out, desc);
}
export function nonzero_u8(x: usize, n: i32, out: usize, desc: usize): i32 {
  return nonzeroT<u8>(x, n, out, desc);
}

/** Sorts the n keys at scratch and keeps the first of each run of equal keys; returns how many. */
function sortedDistinctKeys(scratch: usize, n: i32): i32 {
  radixSortU32(scratch, scratch + (<usize>n << 2), scratch + (<usize>n << 3), n);
  let w = 1;
  let last = load<u32>(scratch);
  for (let i = 1; i < n; i++) {
    const key = load<u32>(scratch + (<usize>i << 2));
    if (key != last) {
      store<u32>(scratch + (<usize>w << 2), key);
      last = key;
      w++;
    }
  }
  return w;
}

export function unique_f32(x: usize, n: i32, scratch: usize): i32 {
  let zeroBits: u32 = 0;
  let zeroSeen = false;
  for (let i = 0; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (v == 0 && !zeroSeen) {
      zeroSeen = true;
      zeroBits = reinterpret<u32>(v);
    }
    store<u32>(scratch + (<usize>i << 2), keyF32(v));
  }
  const count = sortedDistinctKeys(scratch, n);
  const zeroKey = keyF32(0);
  for (let i = 0; i < count; i++) {
    const p = scratch + (<usize>i << 2);
    const key = load<u32>(p);
    if (key == zeroKey) store<u32>(p, zeroBits);
    else store<f32>(p, valueF32(key));
  }
  return count;
}

export function unique_i32(x: usize, n: i32, scratch: usize): i32 {
  for (let i = 0; i < n; i++) store<u32>(scratch + (<usize>i << 2), keyI32(load<i32>(x + (<usize>i << 2))));
  const count = sortedDistinctKeys(scratch, n);
  for (let i = 0; i < count; i++) {
    const p = scratch + (<usize>i << 2);
    store<u32>(p, load<u32>(p) ^ 0x80000000);
  }
  return count;
}

export function unique_u8(x: usize, n: i32, scratch: usize): i32 {
  const seen = scratch + 256;
  memory.fill(seen, 0, 256);
  for (let i = 0; i < n; i++) store<u8>(seen + <usize>load<u8>(x + <usize>i), 1);
  let count = 0;
  for (let v = 0; v < 256; v++) {
    if (load<u8>(seen + <usize>v) == 0) continue;
    store<u8>(scratch + <usize>count, <u8>v);
    count++;
  }
  return count;
}
