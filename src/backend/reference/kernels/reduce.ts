/** Reference kernels of the reductions: sum, max, min (reduced axes kept as size 1), argmax, argmin. */
import type { TypedArray, DType } from '../../../engine/dtype.js';
import { allocArray } from '../../../engine/dtype.js';
import type { Shape } from '../../../engine/shape.js';
import { sizeOf, stridesOf } from '../../../engine/shape.js';
import { forEachRow } from '../lib/strided.js';
import type { RefKernel } from '../handle.js';
import { data } from '../handle.js';

type ReduceKind = 'sum' | 'max' | 'min';

/** Reduces `axes` of x; the output keeps them as size 1. Sums accumulate in float64 per output element. */
function reduce(x: TypedArray, shape: Shape, axes: readonly number[], kind: ReduceKind, dtype: DType): TypedArray {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outSize = sizeOf(outShape);
  const acc = new Float64Array(outSize).fill(kind === 'sum' ? 0 : kind === 'max' ? -Infinity : Infinity);
  const outStrides = stridesOf(outShape).map((s, i) => (axes.includes(i) ? 0 : s));
  const inStrides = stridesOf(shape);
  const rank = shape.length;
  const inner = rank === 0 ? 1 : shape[rank - 1]!;
  const io = rank === 0 ? 0 : outStrides[rank - 1]!;
  forEachRow(shape, [inStrides, outStrides], (_o, [xi, oi]) => {
    let p = xi!;
    let q = oi!;
    if (kind === 'sum') {
      if (io === 0) {
        let s = 0;
        for (let j = 0; j < inner; j++) s += x[p + j]!;
        acc[q]! += s;
      } else for (let j = 0; j < inner; j++, q++) acc[q]! += x[p + j]!;
    } else if (kind === 'max') {
      for (let j = 0; j < inner; j++, p++, q += io) {
        const v = x[p]!;
        if (v > acc[q]! || v !== v) acc[q] = v;
      }
    } else {
      for (let j = 0; j < inner; j++, p++, q += io) {
        const v = x[p]!;
        if (v < acc[q]! || v !== v) acc[q] = v;
      }
    }
  });
  const out = allocArray(dtype, outSize);
  for (let i = 0; i < outSize; i++) out[i] = acc[i]!;
  return out;
}

/** Index of the first max (or min) along `axis`, NaN counting as the maximum like PyTorch. */
function argReduce(x: TypedArray, shape: Shape, axis: number, kind: 'max' | 'min'): Int32Array {
  const n = shape[axis]!;
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = x[base]!;
      let bestIdx = 0;
      if (best === best) {
        for (let k = 1; k < n; k++) {
          const v = x[base + k * inner]!;
          if (v !== v) {
            bestIdx = k;
            break;
          }
          if (kind === 'max' ? v > best : v < best) {
            best = v;
            bestIdx = k;
          }
        }
      }
      out[o * inner + i] = bestIdx;
    }
  }
  return out;
}

export const sum: RefKernel<'sum'> = ([x], attrs, out) => reduce(data(x), x.shape, attrs.axes, 'sum', out.dtype);
export const max: RefKernel<'max'> = ([x], attrs, out) => reduce(data(x), x.shape, attrs.axes, 'max', out.dtype);
export const min: RefKernel<'min'> = ([x], attrs, out) => reduce(data(x), x.shape, attrs.axes, 'min', out.dtype);
export const argmax: RefKernel<'argmax'> = ([x], attrs) => argReduce(data(x), x.shape, attrs.axis, 'max');
export const argmin: RefKernel<'argmin'> = ([x], attrs) => argReduce(data(x), x.shape, attrs.axis, 'min');
