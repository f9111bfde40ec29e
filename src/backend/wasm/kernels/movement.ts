/**
 * permute, slice, pad, concat and broadcastTo through one strided-copy kernel (assembly/movement.ts):
 * each builds a (src, dst) loop in elements, collapses it and copies; only the element width matters.
 */
import type { DType } from '../../../engine/dtype.js';
import type { Shape } from '../../../engine/shape.js';
import { sizeOf, stridesOf } from '../../../engine/shape.js';
import { broadcastStrides } from '../../../engine/geometry.js';
import type { WasmContext } from '../context.js';
import { bytesPerElement } from '../context.js';
import type { WasmKernel } from '../kernel.js';
import { collapse, descriptor } from './nd.js';
import { widthSuffix } from './suffix.js';

/** Copies the elements of a loop over `shape` from src (+ strides) to dst (+ strides); pointers in bytes. */
function copyNd(ctx: WasmContext, dtype: DType, shape: Shape, src: number, srcStrides: number[], dst: number, dstStrides: number[]): void {
  if (sizeOf(shape) === 0) return;
  const desc = ctx.args(descriptor(collapse(shape, [srcStrides, dstStrides])));
  ctx.kernel(`copy_nd_${widthSuffix(dtype)}`)(src, dst, desc);
}

/** Output axis i is input axis perm[i]. */
export const permute: WasmKernel<'permute'> = (ctx, [x], attrs, out) => {
  const y = ctx.output(out);
  const inStrides = stridesOf(x!.shape);
  copyNd(ctx, out.dtype, out.shape, x!.ptr, attrs.perm.map((p) => inStrides[p]!), y.ptr, stridesOf(out.shape));
  return y;
};

/** Elements begin[i] + k·step[i] for k < out.shape[i]. */
export const slice: WasmKernel<'slice'> = (ctx, [x], attrs, out) => {
  const y = ctx.output(out);
  const inStrides = stridesOf(x!.shape);
  let offset = 0;
  for (let i = 0; i < inStrides.length; i++) offset += attrs.begin[i]! * inStrides[i]!;
  const src = x!.ptr + offset * bytesPerElement(out.dtype);
  copyNd(ctx, out.dtype, out.shape, src, inStrides.map((s, i) => s * attrs.step[i]!), y.ptr, stridesOf(out.shape));
  return y;
};

/** Repeats size-1 (or missing leading) axes to the output shape. */
export const broadcastTo: WasmKernel<'broadcastTo'> = (ctx, [x], _attrs, out) => {
  const y = ctx.output(out);
  copyNd(ctx, out.dtype, out.shape, x!.ptr, broadcastStrides(x!.shape, out.shape), y.ptr, stridesOf(out.shape));
  return y;
};

/** The pad value as the bit pattern a typed array of `dtype` stores for it (JS conversion rules). */
function fillBits(value: number, dtype: DType): number {
  if (dtype === 'float32') return new Int32Array(Float32Array.of(value).buffer)[0]!;
  if (dtype === 'int32') return Int32Array.of(value)[0]!;
  return Uint8Array.of(value)[0]!;
}

/** Constant padding: fill with the value, then copy x into the interior. */
export const pad: WasmKernel<'pad'> = (ctx, [x], attrs, out) => {
  const y = ctx.output(out);
  const total = sizeOf(out.shape);
  if (total === 0) return y;
  const wide = widthSuffix(out.dtype) === '32';
  ctx.kernel(wide ? 'fill_32' : 'fill_8')(y.ptr, total, fillBits(attrs.value, out.dtype));
  const outStrides = stridesOf(out.shape);
  let offset = 0;
  for (let i = 0; i < x!.shape.length; i++) offset += attrs.pads[i]![0] * outStrides[i]!;
  copyNd(ctx, out.dtype, x!.shape, x!.ptr, stridesOf(x!.shape), y.ptr + offset * bytesPerElement(out.dtype), outStrides);
  return y;
};

/** Parts joined along `axis` (all already of the output dtype). */
export const concat: WasmKernel<'concat'> = (ctx, parts, attrs, out) => {
  const y = ctx.output(out);
  if (sizeOf(out.shape) === 0) return y;
  const outer = sizeOf(out.shape.slice(0, attrs.axis));
  const inner = sizeOf(out.shape.slice(attrs.axis + 1));
  const outRow = out.shape[attrs.axis]! * inner;
  const bpe = bytesPerElement(out.dtype);
  let start = 0;
  for (const p of parts) {
    const block = p.shape[attrs.axis]! * inner;
    copyNd(ctx, out.dtype, [outer, block], p.ptr, [block, 1], y.ptr + start * bpe, [outRow, 1]);
    start += block;
  }
  return y;
};
