/**
 * The value order of every sorting and selecting primitive (topk, searchSorted, unique) on every
 * backend: numbers ascending, −0 equal to +0, NaN (any sign or payload) above +∞ and equal to every
 * NaN. So:
 * - topk with `largest` picks NaNs first and with `largest: false` last (as torch.topk);
 * - unique returns one NaN, last (NumPy's np.unique with equal_nan=True; torch 1.13's CPU unique
 *   returns every NaN separately, with counts of 0 and wrong inverse indices);
 * - the zero unique returns is x's first zero in row-major order (−0 or +0), as a stable sort gives
 *   (torch.unique returns −0 for [−0, 0] and 0 for [0, −0]);
 * - entries that compare equal are taken lower index first (topk), as a stable sort orders them.
 */

/** Negative, zero or positive as `a` is before, equal to or after `b` in the value order. */
export function compareValues(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const aNaN = Number.isNaN(a);
  return aNaN === Number.isNaN(b) ? 0 : aNaN ? 1 : -1;
}
