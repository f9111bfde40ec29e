/**
 * Reference kernels of the indexing primitives: gather and scatterAdd along one axis (torch.gather,
 * torch.scatter_add), topk and searchSorted, and the data-dependent nonzero and unique. Sorting and
 * selection use the value order of engine/order.ts.
 */
import type { DType, TypedArray } from '../../../engine/dtype.js';
import { allocArray } from '../../../engine/dtype.js';
import type { Shape } from '../../../engine/shape.js';
import { axisLength, sizeOf, stridesOf } from '../../../engine/shape.js';
import { compareValues } from '../../../engine/order.js';
import type { RefDataKernel, RefKernel } from '../handle.js';
import { data, i32 } from '../handle.js';

/** torch.gather: out[p] = x[p with p[axis] replaced by index[p]]; index has the output's shape. */
function gatherArrays(x: TypedArray, shape: Shape, index: Int32Array, outShape: Shape, axis: number, dtype: DType): TypedArray {
  const out = allocArray(dtype, sizeOf(outShape));
  const xs = stridesOf(shape);
  const os = stridesOf(outShape);
  const axisLen = axisLength(shape, axis, 'gather');
  for (let i = 0; i < out.length; i++) {
    let rem = i;
    let xo = 0;
    for (let d = 0; d < outShape.length; d++) {
      const c = Math.floor(rem / os[d]!);
      rem -= c * os[d]!;
      if (d === axis) {
        const k = index[i]!;
        if (k < 0 || k >= axisLen) throw new Error(`gather: index ${k} is out of range for axis ${axis} of size ${axisLen}`);
        xo += k * xs[d]!;
      } else xo += c * xs[d]!;
    }
    out[i] = x[xo]!;
  }
  return out;
}

/** torch.scatter_add on zeros(outShape): out[p with p[axis] = index[p]] += src[p]. */
function scatterAddArrays(src: TypedArray, index: Int32Array, srcShape: Shape, outShape: Shape, axis: number, dtype: DType): TypedArray {
  const out = allocArray(dtype, sizeOf(outShape));
  const ss = stridesOf(srcShape);
  const os = stridesOf(outShape);
  const axisLen = axisLength(outShape, axis, 'scatterAdd');
  for (let i = 0; i < src.length; i++) {
    let rem = i;
    let oo = 0;
    for (let d = 0; d < srcShape.length; d++) {
      const c = Math.floor(rem / ss[d]!);
      rem -= c * ss[d]!;
      if (d === axis) {
        const k = index[i]!;
        if (k < 0 || k >= axisLen) throw new Error(`scatterAdd: index ${k} is out of range for axis ${axis} of size ${axisLen}`);
        oo += k * os[d]!;
      } else oo += c * os[d]!;
    }
    out[oo]! += src[i]!;
  }
  return out;
}

export const gather: RefKernel<'gather'> = ([x, index], attrs, out) => gatherArrays(data(x), x.shape, i32(index), out.shape, attrs.axis, out.dtype);
export const scatterAdd: RefKernel<'scatterAdd'> = ([src, index], attrs, out) =>
  scatterAddArrays(data(src), i32(index), src.shape, out.shape, attrs.axis, out.dtype);

/** Whether entry (a at index ia) comes before (b at ib) in topk's order: the larger (smaller) value, then the lower index. */
function selectsBefore(a: number, ia: number, b: number, ib: number, largest: boolean): boolean {
  const c = compareValues(a, b);
  if (c !== 0) return largest ? c > 0 : c < 0;
  return ia < ib;
}

/**
 * The indices of `line`'s k first entries in topk's order: a heap of the k best so far whose root is
 * the last of them (O(n log k), not a full sort), then those k sorted by that order or by index.
 */
function selectK(line: Float64Array, k: number, largest: boolean, sorted: boolean): number[] {
  const heap: number[] = [];
  const after = (i: number, j: number): boolean => selectsBefore(line[j]!, j, line[i]!, i, largest);
  const siftDown = (): void => {
    let p = 0;
    for (;;) {
      const l = 2 * p + 1;
      if (l >= heap.length) return;
      const c = l + 1 < heap.length && after(heap[l + 1]!, heap[l]!) ? l + 1 : l;
      if (!after(heap[c]!, heap[p]!)) return;
      [heap[p], heap[c]] = [heap[c]!, heap[p]!];
      p = c;
    }
  };
  for (let j = 0; j < line.length && k > 0; j++) {
    if (heap.length < k) {
      heap.push(j);
      for (let c = heap.length - 1; c > 0; ) {
        const p = (c - 1) >> 1;
        if (!after(heap[c]!, heap[p]!)) break;
        [heap[p], heap[c]] = [heap[c]!, heap[p]!];
        c = p;
      }
    } else if (selectsBefore(line[j]!, j, line[heap[0]!]!, heap[0]!, largest)) {
      heap[0] = j;
      siftDown();
    }
  }
  return sorted ? heap.sort((i, j) => (selectsBefore(line[i]!, i, line[j]!, j, largest) ? -1 : 1)) : heap.sort((i, j) => i - j);
}

/** Per line along `axis`, the indices of its k first entries (see PrimitiveAttrs.topk). */
export const topk: RefKernel<'topk'> = ([x], { axis, k, largest, sorted }, out) => {
  const xd = data(x);
  const n = axisLength(x.shape, axis, 'topk');
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outer = sizeOf(x.shape.slice(0, axis));
  const y = new Int32Array(sizeOf(out.shape));
  const line = new Float64Array(n);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      for (let j = 0; j < n; j++) line[j] = xd[(o * n + j) * inner + i]!;
      const picked = selectK(line, k, largest, sorted);
      for (let j = 0; j < k; j++) y[(o * k + j) * inner + i] = picked[j]!;
    }
  return y;
};

/** Per value, the first position of the 1-D ascending `sorted` at which it could be inserted (after equal entries if `right`). */
export const searchSorted: RefKernel<'searchSorted'> = ([sorted, values], { right }) => {
  const s = data(sorted);
  const v = data(values);
  const y = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = compareValues(s[mid]!, v[i]!);
      if (c < 0 || (right && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    y[i] = lo;
  }
  return y;
};

/** The coordinates of x's non-zero entries (NaN counts as non-zero, −0 as zero), [K, rank], row-major order. */
export const nonzero: RefDataKernel<'nonzero'> = ([x]) => {
  const xd = data(x);
  const rank = x.shape.length;
  const strides = stridesOf(x.shape);
  let count = 0;
  for (let i = 0; i < xd.length; i++) if (xd[i] !== 0) count++;
  const y = new Int32Array(count * rank);
  let w = 0;
  for (let i = 0; i < xd.length; i++) {
    if (xd[i] === 0) continue;
    let rem = i;
    for (let d = 0; d < rank; d++) {
      const c = Math.floor(rem / strides[d]!);
      rem -= c * strides[d]!;
      y[w++] = c;
    }
  }
  return { data: y, shape: [count, rank] };
};

/** x's distinct values, ascending: one NaN (last), the first zero of x for ±0 (a stable sort, then the first of each run). */
export const unique: RefDataKernel<'unique'> = ([x]) => {
  const sorted = Array.from(data(x)).sort(compareValues);
  const kept: number[] = [];
  let last: number | undefined;
  for (const v of sorted) {
    if (last !== undefined && compareValues(last, v) === 0) continue;
    last = Number.isNaN(v) ? NaN : v;
    kept.push(last);
  }
  const y = allocArray(x.dtype, kept.length);
  y.set(kept);
  return { data: y, shape: [kept.length] };
};
