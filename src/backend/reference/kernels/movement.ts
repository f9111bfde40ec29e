/** Reference kernels of the data-movement primitives: permute, slice, pad, concat, broadcastTo. */
import type { TypedArray, DType } from '../../../engine/dtype.js';
import { allocArray } from '../../../engine/dtype.js';
import type { Shape } from '../../../engine/shape.js';
import { sizeOf, stridesOf } from '../../../engine/shape.js';
import { broadcastStrides } from '../../../engine/geometry.js';
import { forEachRow } from '../lib/strided.js';
import type { RefKernel } from '../handle.js';
import { data } from '../handle.js';

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

function permuteArrays(x: TypedArray, shape: Shape, perm: readonly number[], dtype: DType): TypedArray {
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  return gatherStrided(x, outShape, perm.map((p) => inStrides[p]!), 0, dtype);
}

function sliceArrays(x: TypedArray, shape: Shape, begin: readonly number[], step: readonly number[], outShape: Shape, dtype: DType): TypedArray {
  const inStrides = stridesOf(shape);
  let offset = 0;
  for (let i = 0; i < shape.length; i++) offset += begin[i]! * inStrides[i]!;
  return gatherStrided(x, outShape, inStrides.map((s, i) => s * step[i]!), offset, dtype);
}

function broadcastToArrays(x: TypedArray, shape: Shape, outShape: Shape, dtype: DType): TypedArray {
  return gatherStrided(x, outShape, broadcastStrides(shape, outShape), 0, dtype);
}

function padArrays(x: TypedArray, shape: Shape, pads: readonly (readonly [number, number])[], value: number, outShape: Shape, dtype: DType): TypedArray {
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

function concatArrays(parts: readonly { data: TypedArray; shape: Shape }[], axis: number, outShape: Shape, dtype: DType): TypedArray {
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

export const permute: RefKernel<'permute'> = ([x], attrs, out) => permuteArrays(data(x), x.shape, attrs.perm, out.dtype);
export const slice: RefKernel<'slice'> = ([x], attrs, out) => sliceArrays(data(x), x.shape, attrs.begin, attrs.step, out.shape, out.dtype);
export const pad: RefKernel<'pad'> = ([x], attrs, out) => padArrays(data(x), x.shape, attrs.pads, attrs.value, out.shape, out.dtype);
export const concat: RefKernel<'concat'> = (parts, attrs, out) =>
  concatArrays(parts.map((p) => ({ data: data(p), shape: p.shape })), attrs.axis, out.shape, out.dtype);
export const broadcastTo: RefKernel<'broadcastTo'> = ([x], _attrs, out) => broadcastToArrays(data(x), x.shape, out.shape, out.dtype);
