/**
 * The value order of src/engine/order.ts as unsigned 32-bit keys, for the sorting and selecting
 * kernels (topk, searchSorted, unique in ../indexing.ts): a < b in that order exactly when
 * key(a) < key(b) (u32), and equal values have equal keys.
 *
 * - f32: −0 becomes +0 and every NaN the largest key (0xFFFFFFFF, above +∞'s 0xFF800000); other bits
 *   are flipped so that unsigned order is numeric order (negatives: all bits; others: the sign bit);
 * - i32: the sign bit flipped;
 * - u8 (uint8 and bool): the value.
 *
 * Also: a binary min-heap and an in-place heap sort on u64 entries (topk packs key and index into one
 * u64 so that one comparison orders both), and an LSD radix sort of u32 keys (unique).
 */

/** The key of an f32 (see the file comment). */
// @ts-ignore: decorator
@inline export function keyF32(v: f32): u32 {
  if (v != v) return 0xFFFFFFFF;
  const bits = v == 0 ? <u32>0 : reinterpret<u32>(v);
  return (bits & 0x80000000) != 0 ? ~bits : bits | 0x80000000;
}

/** The f32 of a key (NaN's key gives the canonical quiet NaN 0x7FC00000). */
// @ts-ignore: decorator
@inline export function valueF32(key: u32): f32 {
  if (key == 0xFFFFFFFF) return reinterpret<f32>(<u32>0x7FC00000);
  return reinterpret<f32>((key & 0x80000000) != 0 ? key ^ 0x80000000 : ~key);
}

// @ts-ignore: decorator
@inline export function keyI32(v: i32): u32 {
  return <u32>v ^ 0x80000000;
}

/** The key of element i of `p` with element type T (f32, i32 or u8). */
// @ts-ignore: decorator
@inline export function keyAt<T>(p: usize, i: i32): u32 {
  if (isFloat<T>()) return keyF32(load<f32>(p + (<usize>i << 2)));
  if (sizeof<T>() == 4) return keyI32(load<i32>(p + (<usize>i << 2)));
  return <u32>load<u8>(p + <usize>i);
}

// @ts-ignore: decorator
@inline function at(heap: usize, i: i32): u64 {
  return load<u64>(heap + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline function put(heap: usize, i: i32, v: u64): void {
  store<u64>(heap + (<usize>i << 3), v);
}

/** Restores the min-heap property of heap[0, size) below position p (its children are heaps). */
export function siftDown(heap: usize, size: i32, p: i32): void {
  const v = at(heap, p);
  for (;;) {
    let c = 2 * p + 1;
    if (c >= size) break;
    if (c + 1 < size && at(heap, c + 1) < at(heap, c)) c++;
    const cv = at(heap, c);
    if (cv >= v) break;
    put(heap, p, cv);
    p = c;
  }
  put(heap, p, v);
}

/** Makes heap[0, size) a min-heap (root = smallest entry). */
export function heapify(heap: usize, size: i32): void {
  for (let p = (size >> 1) - 1; p >= 0; p--) siftDown(heap, size, p);
}

/** Sorts the min-heap heap[0, size) in place into descending order. */
export function heapSortDescending(heap: usize, size: i32): void {
  for (let end = size - 1; end > 0; end--) {
    const top = at(heap, 0);
    put(heap, 0, at(heap, end));
    put(heap, end, top);
    siftDown(heap, end, 0);
  }
}

/**
 * Sorts the n u32 keys at `keys` ascending, with `tmp` (n·4 bytes) and `counts` (1 KiB) as scratch:
 * four stable passes of 8 bits, skipping a pass where every key has the same digit. The result is in
 * `keys`.
 */
export function radixSortU32(keys: usize, tmp: usize, counts: usize, n: i32): void {
  let src = keys;
  let dst = tmp;
  for (let shift: u32 = 0; shift < 32; shift += 8) {
    memory.fill(counts, 0, 1024);
    for (let i = 0; i < n; i++) {
      const c = counts + (<usize>((load<u32>(src + (<usize>i << 2)) >> shift) & 255) << 2);
      store<u32>(c, load<u32>(c) + 1);
    }
    if (load<u32>(counts + (<usize>((load<u32>(src) >> shift) & 255) << 2)) == <u32>n) continue;
    let sum: u32 = 0;
    for (let d = 0; d < 256; d++) {
      const c = counts + (<usize>d << 2);
      const k = load<u32>(c);
      store<u32>(c, sum);
      sum += k;
    }
    for (let i = 0; i < n; i++) {
      const key = load<u32>(src + (<usize>i << 2));
      const c = counts + (<usize>((key >> shift) & 255) << 2);
      const pos = load<u32>(c);
      store<u32>(c, pos + 1);
      store<u32>(dst + (<usize>pos << 2), key);
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src != keys) memory.copy(keys, src, <usize>n << 2);
}
