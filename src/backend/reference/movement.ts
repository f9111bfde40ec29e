import type { TypedArray, DType } from '../../engine/dtype.js';
import { allocArray } from '../../engine/dtype.js';
import type { Shape } from '../../engine/shape.js';
import { sizeOf, stridesOf } from '../../engine/shape.js';
import { broadcastStrides } from '../../engine/geometry.js';
import { forEachRow } from './strided.js';

/** Copies x read through per-output-axis strides (starting at `offset`) into a fresh row-major array. */
function gatherStrided(x: TypedArray, outShape: Shape, strides: number[], offset: number, dtype: DType): TypedArray {
  const out = allocArray(dtype, sizeOf(outShape));
  const rank = outShape.length;
  if (rank === 0) {
    out[0] = x[offset]!;
    return out;
  }
  const inner = outShape[rank - 1]!;
  const s = strides[rank - 1]!;
  forEachRow(outShape, [strides], (o, [xi]) => {
    let p = xi! + offset;
    if (s === 1) {
      for (let j = 0; j < inner; j++) out[o + j] = x[p + j]!;
    } else {
      for (let j = 0; j < inner; j++, p += s) out[o + j] = x[p]!;
    }
  });
  return out;
}

export function permute(x: TypedArray, shape: Shape, perm: readonly number[], dtype: DType): TypedArray {
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  return gatherStrided(x, outShape, perm.map((p) => inStrides[p]!), 0, dtype);
}

export function slice(x: TypedArray, shape: Shape, begin: readonly number[], step: readonly number[], outShape: Shape, dtype: DType): TypedArray {
  const inStrides = stridesOf(shape);
  let offset = 0;
  for (let i = 0; i < shape.length; i++) offset += begin[i]! * inStrides[i]!;
  return gatherStrided(x, outShape, inStrides.map((s, i) => s * step[i]!), offset, dtype);
}

export function broadcastTo(x: TypedArray, shape: Shape, outShape: Shape, dtype: DType): TypedArray {
  return gatherStrided(x, outShape, broadcastStrides(shape, outShape), 0, dtype);
}

export function pad(x: TypedArray, shape: Shape, pads: readonly (readonly [number, number])[], value: number, outShape: Shape, dtype: DType): TypedArray {
  const out = allocArray(dtype, sizeOf(outShape));
  if (value !== 0) out.fill(value);
  const outStrides = stridesOf(outShape);
  let offset = 0;
  for (let i = 0; i < shape.length; i++) offset += pads[i]![0] * outStrides[i]!;
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0]!;
    return out;
  }
  const inner = shape[rank - 1]!;
  forEachRow(shape, [outStrides], (i, [oi]) => {
    const o = oi! + offset;
    for (let j = 0; j < inner; j++) out[o + j] = x[i + j]!;
  });
  return out;
}

export function concat(parts: readonly { data: TypedArray; shape: Shape }[], axis: number, outShape: Shape, dtype: DType): TypedArray {
  const out = allocArray(dtype, sizeOf(outShape));
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= outShape[i]!;
  let inner = 1;
  for (let i = axis + 1; i < outShape.length; i++) inner *= outShape[i]!;
  const outRow = outShape[axis]! * inner;
  let start = 0;
  for (const p of parts) {
    const block = p.shape[axis]! * inner;
    for (let o = 0; o < outer; o++) out.set(p.data.subarray(o * block, (o + 1) * block), o * outRow + start);
    start += block;
  }
  return out;
}

/** torch.gather: out[p] = x[p with p[axis] replaced by index[p]]; index has the output's shape. */
export function gather(x: TypedArray, shape: Shape, index: Int32Array, outShape: Shape, axis: number, dtype: DType): TypedArray {
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
export function scatterAdd(src: TypedArray, index: Int32Array, srcShape: Shape, outShape: Shape, axis: number, dtype: DType): TypedArray {
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
    out[oo] += src[i]!;
  }
  return out;
}
