/**
 * Indexing ops (torch semantics), with their gradients: gather, indexSelect and scatterAdd along one
 * axis; topk and searchSorted (shape-determined); and the data-dependent nonzero/argwhere,
 * maskedSelect and unique, whose output size depends on the values. Sorting and selection follow the
 * value order of engine/order.ts (NaN above +∞, −0 = +0, equal values lower index first).
 */
import type { Shape } from '../../engine/shape.js';
import { axisAndLength, axisLength, broadcastShapes, dims, formatShape, hasRank, normalizeAxis, shapesEqual, sizeOf } from '../../engine/shape.js';
import type { Tensor } from '../tensor.js';
import { full } from '../tensor.js';
import { dispatch, dispatchDataDependent, reshapeView } from '../dispatch.js';
import type { GradientRules } from '../autograd/node.js';
import { cast } from './elementwise.js';
import { broadcastTo } from './movement.js';

/** torch.gather: out[p] = x[p with p[axis] = index[p]]; index (int32) has the output's shape. */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  const a = normalizeAxis(axis, x.rank, 'gather');
  if (index.rank !== x.rank) throw new Error(`gather: index rank ${index.rank} must equal input rank ${x.rank}`);
  for (const [i, d] of index.shape.entries())
    if (i !== a && d > axisLength(x.shape, i, 'gather'))
      throw new Error(`gather: index shape ${formatShape(index.shape)} exceeds input shape ${formatShape(x.shape)} on axis ${i}`);
  return dispatch('gather', [x, cast(index, 'int32')], { axis: a }, index.shape);
}

/** Selects entries along `axis` by a 1-d list of indices (torch.index_select). */
export function indexSelect(x: Tensor, axis: number, indices: Tensor): Tensor {
  const a = normalizeAxis(axis, x.rank, 'indexSelect');
  if (!hasRank(indices.shape, 1)) throw new Error(`indexSelect: indices must be 1-d, got ${formatShape(indices.shape)}`);
  const [k] = indices.shape;
  const idxShape = x.shape.map((_, i) => (i === a ? k : 1));
  const outShape = x.shape.map((d, i) => (i === a ? k : d));
  const idx = broadcastTo(reshapeView(cast(indices, 'int32'), idxShape), outShape);
  return gather(x, a, idx);
}

/**
 * zeros(shape) with src added at index along axis (torch.scatter_add). index has src's shape, and
 * `shape` has src's rank and at least src's size on the other axes.
 */
export function scatterAdd(src: Tensor, axis: number, index: Tensor, shape: Shape): Tensor {
  const a = normalizeAxis(axis, src.rank, 'scatterAdd');
  if (!shapesEqual(index.shape, src.shape))
    throw new Error(`scatterAdd: index shape ${formatShape(index.shape)} must equal src shape ${formatShape(src.shape)}`);
  if (shape.length !== src.rank) throw new Error(`scatterAdd: output shape ${formatShape(shape)} must have src's rank ${src.rank}`);
  for (const [i, d] of src.shape.entries())
    if (i !== a && d > axisLength(shape, i, 'scatterAdd'))
      throw new Error(`scatterAdd: src shape ${formatShape(src.shape)} exceeds output shape ${formatShape(shape)} on axis ${i}`);
  return dispatch('scatterAdd', [src, cast(index, 'int32')], { axis: a }, [...shape]);
}

export interface TopkOptions {
  /** The axis to select along (default −1, the last). */
  axis?: number;
  /** The k largest (default) or, when false, the k smallest. */
  largest?: boolean;
  /** Entries in selection order (default), or, when false, in ascending index order. */
  sorted?: boolean;
}

export interface TopkResult {
  /** The selected entries, `gather(x, axis, indices)` (so differentiable w.r.t. x). */
  values: Tensor;
  /** Their int32 positions along `axis`. */
  indices: Tensor;
}

/**
 * The k largest (or smallest) entries of each line along `axis`, like torch.topk. Order: largest
 * first (smallest first with `largest: false`); NaN ranks above +∞, so NaNs are picked first by
 * `largest` and last otherwise; equal values (−0 = +0, NaN = NaN) are taken lower index first, as a
 * stable sort gives them (`torch.sort(x, descending=largest, stable=True)` followed by a slice: torch.topk
 * itself breaks ties in no stated order). `sorted: false` returns the same k entries in ascending index
 * order. The indices are not differentiable; the values are, through gather.
 *
 * Shape: x [..., n, ...] (n along `axis`) → values (x's dtype) and indices (int32) [..., k, ...]; a
 * 0-d x is one entry (k must be 1) and gives 0-d results. 0 <= k <= n.
 */
export function topk(x: Tensor, k: number, opts: TopkOptions = {}): TopkResult {
  const largest = opts.largest ?? true;
  const sorted = opts.sorted ?? true;
  if (x.rank === 0) {
    normalizeAxis(opts.axis ?? -1, 1, 'topk');
    if (k !== 1) throw new Error(`topk: a 0-d tensor has one entry, so k must be 1, got ${k}`);
    const r = topk(reshapeView(x, [1]), 1, { axis: 0, largest, sorted });
    return { values: reshapeView(r.values, []), indices: reshapeView(r.indices, []) };
  }
  const [axis, n] = axisAndLength(x.shape, opts.axis ?? -1, 'topk');
  if (!Number.isInteger(k) || k < 0 || k > n)
    throw new Error(`topk: k must be an integer in 0..${n} (the size of axis ${axis} of ${formatShape(x.shape)}), got ${k}`);
  const indices = dispatch('topk', [x], { axis, k, largest, sorted }, x.shape.map((d, i) => (i === axis ? k : d)));
  return { values: gather(x, axis, indices), indices };
}

/**
 * Where each of `values` would be inserted into the ascending 1-D `sorted` to keep it sorted, like
 * torch.searchsorted: the first i with sorted[i] >= v (`right`: sorted[i] > v), or n. Uses the value
 * order of engine/order.ts (NaN above +∞ and equal to NaN: torch places NaN queries after every
 * entry); `sorted` must be ascending in that order (unchecked; otherwise the result is unspecified).
 *
 * Shape: sorted [n], values (any shape, sorted's dtype) → int32 of values' shape.
 */
export function searchSorted(sorted: Tensor, values: Tensor, opts: { right?: boolean } = {}): Tensor {
  if (sorted.rank !== 1) throw new Error(`searchSorted: sorted must be 1-D, got shape ${formatShape(sorted.shape)}`);
  if (values.dtype !== sorted.dtype) throw new Error(`searchSorted: values must have sorted's dtype ${sorted.dtype}, got ${values.dtype}`);
  return dispatch('searchSorted', [sorted, values], { right: opts.right ?? false }, values.shape);
}

/**
 * The coordinates of x's non-zero entries, like torch.nonzero: one row per entry, in row-major order
 * of the entries. NaN is non-zero; −0 is zero; bool false and uint8 0 are zero. Data-dependent: the
 * output size comes from the values (a synchronisation point on an asynchronous backend).
 *
 * Shape: x [d0, …, d(r−1)] → int32 [K, r] (K non-zero entries; a 0-d x gives [K, 0] with K ≤ 1).
 */
export function nonzero(x: Tensor): Tensor {
  return dispatchDataDependent('nonzero', [x], {});
}

/** torch.argwhere: the same as `nonzero`. Shape: x [d0, …, d(r−1)] → int32 [K, r]. */
export const argwhere = nonzero;

/**
 * The entries of x where `mask` is true, like torch.masked_select: x and mask are broadcast together
 * and the selected entries come in row-major order of that shape. Composed of nonzero on the
 * flattened mask and a gather, so differentiable w.r.t. x (the gradient is scattered back and summed
 * over broadcast axes). Data-dependent (see `nonzero`).
 *
 * Shape: x and mask (bool) broadcastable to S → [K] of x's dtype (K true entries of the broadcast mask).
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== 'bool') throw new Error(`maskedSelect: mask must be a bool tensor, got ${mask.dtype}`);
  const shape = broadcastShapes(x.shape, mask.shape, 'maskedSelect');
  const size = sizeOf(shape);
  const picked = nonzero(reshapeView(broadcastTo(mask, shape), [size])); // [K, 1]
  const [count] = dims(picked.shape, 2, 'maskedSelect (nonzero of the flat mask)');
  return gather(reshapeView(broadcastTo(x, shape), [size]), 0, reshapeView(picked, [count]));
}

/**
 * x's distinct values in ascending order, like torch.unique(x, sorted=True) (always sorted). All NaNs
 * are one value, returned once and last (NumPy's np.unique, equal_nan=True; torch 1.13 returns each
 * NaN separately); −0 and +0 are one value, returned as x's first zero in row-major order (−0 or +0,
 * as torch's stable sort gives). Not differentiable; data-dependent (see `nonzero`).
 *
 * Shape: x (any shape) → [U] of x's dtype.
 */
export function unique(x: Tensor): Tensor {
  return dispatchDataDependent('unique', [x], {});
}

/**
 * `unique(x)` and, for every entry of x, the position of its value in it (torch.unique's
 * return_inverse): `values.gather(0, inverse.flatten())` equals x flattened, NaNs included.
 *
 * Shape: x (any shape) → values [U] (x's dtype), inverse int32 of x's shape.
 */
export function uniqueInverse(x: Tensor): { values: Tensor; inverse: Tensor } {
  const values = unique(x);
  return { values, inverse: searchSorted(values, x) };
}

/**
 * `unique(x)` and how many entries of x hold each value (torch.unique's return_counts); the counts sum
 * to x's size. For the inverse as well, `searchSorted(values, x)`.
 *
 * Shape: x (any shape) → values [U] (x's dtype), counts int32 [U].
 */
export function uniqueCounts(x: Tensor): { values: Tensor; counts: Tensor } {
  const values = unique(x);
  const inverse = reshapeView(searchSorted(values, x), [x.size]);
  return { values, counts: scatterAdd(full([x.size], 1, { dtype: 'int32' }), 0, inverse, [values.size]) };
}

export const indexingGradients: GradientRules<'gather' | 'scatterAdd'> = {
  gather: ({ inputs: [x, index], attrs: { axis }, g }) => [scatterAdd(g, axis, index, x.shape), null],
  scatterAdd: ({ inputs: [, index], attrs: { axis }, g }) => [gather(g, axis, index), null],
};
