/** Reference kernels of the indexing primitives: gather and scatterAdd along one axis (torch.gather, torch.scatter_add). */
import type { DType, TypedArray } from '../../../engine/dtype.js';
import { allocArray } from '../../../engine/dtype.js';
import type { Shape } from '../../../engine/shape.js';
import { sizeOf, stridesOf } from '../../../engine/shape.js';
import type { RefKernel } from '../handle.js';
import { data, i32 } from '../handle.js';

/** torch.gather: out[p] = x[p with p[axis] replaced by index[p]]; index has the output's shape. */
function gatherArrays(x: TypedArray, shape: Shape, index: Int32Array, outShape: Shape, axis: number, dtype: DType): TypedArray {
  const out = allocArray(dtype, sizeOf(outShape));
  const xs = stridesOf(shape);
  const os = stridesOf(outShape);
  const axisLen = shape[axis]!;
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
  const axisLen = outShape[axis]!;
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
