/**
 * Reading the n-d loop descriptors built by the JS side (src/backend/wasm/kernels/nd.ts).
 *
 * A descriptor for `k` operands is i32 words:
 *   [rank, shape[rank], steps_0[rank], ..., steps_{k-1}[rank], counters[rank]]
 * The loop visits `rows = shape[0] * ... * shape[rank-2]` rows of `shape[rank-1]` elements in row-major
 * order. For operand j, `steps_j[rank-1]` is its stride (in elements) along the row, and
 * `steps_j[d]` (d < rank-1) is how far its row start moves when the odometer increments axis d
 * (and resets the axes after it). The counters are scratch for the odometer.
 */

// @ts-ignore: decorator
@inline export function word(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

/** Rank of the loop (>= 1). */
// @ts-ignore: decorator
@inline export function ndRank(desc: usize): i32 {
  return load<i32>(desc);
}

/** Pointer to the shape words. */
// @ts-ignore: decorator
@inline export function ndShape(desc: usize): usize {
  return desc + 4;
}

/** Pointer to operand j's steps. */
// @ts-ignore: decorator
@inline export function ndSteps(desc: usize, rank: i32, j: i32): usize {
  return desc + 4 + (<usize>(rank * (1 + j)) << 2);
}

/** Number of rows (product of all but the last axis); zeroes the counters of operand count `k`. */
export function ndRows(desc: usize, k: i32): i32 {
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const cnt = ndSteps(desc, rank, k);
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) {
    rows *= word(shape, d);
    store<i32>(cnt + (<usize>d << 2), 0);
  }
  return rows;
}

/**
 * Advances the odometer to the next row and returns the axis that was incremented (the caller adds
 * `steps_j[axis]` to each operand's row offset).
 */
export function ndAdvance(desc: usize, k: i32): i32 {
  const rank = ndRank(desc);
  const shape = ndShape(desc);
  const cnt = ndSteps(desc, rank, k);
  let d = rank - 2;
  while (d > 0) {
    const p = cnt + (<usize>d << 2);
    const c = load<i32>(p) + 1;
    if (c < word(shape, d)) {
      store<i32>(p, c);
      return d;
    }
    store<i32>(p, 0);
    d--;
  }
  store<i32>(cnt, load<i32>(cnt) + 1);
  return 0;
}
