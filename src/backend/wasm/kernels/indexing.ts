/** Wrappers of torch.gather / torch.scatter_add along one axis (assembly/indexing.ts). */
import { sizeOf, stridesOf } from '../../../engine/shape.js';
import type { WasmContext } from '../context.js';
import type { WasmKernel } from '../kernel.js';
import { collapse, descriptor } from './nd.js';
import { storageSuffix, widthSuffix } from './suffix.js';

/**
 * Descriptor of the loop over `walkShape` (walked contiguously, like the index) giving the other
 * tensor's steps with `axis` zeroed; the index supplies that coordinate.
 */
function axisLoop(ctx: WasmContext, walkShape: readonly number[], otherStrides: readonly number[], axis: number): number {
  const walk = otherStrides.map((s, d) => (d === axis ? 0 : s));
  const loop = collapse(walkShape, [walk, stridesOf(walkShape)]);
  return ctx.args(descriptor({ shape: loop.shape, strides: [loop.strides[0]!] }));
}

function badIndex(ctx: WasmContext, prim: string, indexPtr: number, pos: number, axis: number, axisLen: number): never {
  const k = ctx.i32(indexPtr + pos * 4, 1)[0]!;
  throw new Error(`${prim}: index ${k} is out of range for axis ${axis} of size ${axisLen}`);
}

/** out[p] = x[p with p[axis] replaced by index[p]]; index (int32) has the output's shape. */
export const gather: WasmKernel<'gather'> = (ctx, [x, index], attrs, out) => {
  const y = ctx.output(out);
  if (sizeOf(out.shape) === 0) return y;
  const xs = stridesOf(x!.shape);
  const axisLen = x!.shape[attrs.axis]!;
  const desc = axisLoop(ctx, out.shape, xs, attrs.axis);
  const pos = ctx.kernel(`gather_${widthSuffix(out.dtype)}`)(x!.ptr, index!.ptr, y.ptr, xs[attrs.axis]!, axisLen, desc);
  if (pos >= 0) badIndex(ctx, 'gather', index!.ptr, pos, attrs.axis, axisLen);
  return y;
};

/** zeros(out.shape) with src scatter-added at index along `axis` (index has src's shape). */
export const scatterAdd: WasmKernel<'scatterAdd'> = (ctx, [src, index], attrs, out) => {
  const y = ctx.output(out);
  const total = sizeOf(out.shape);
  if (total === 0) return y;
  ctx.kernel(widthSuffix(out.dtype) === '32' ? 'fill_32' : 'fill_8')(y.ptr, total, 0);
  if (sizeOf(src!.shape) === 0) return y;
  const os = stridesOf(out.shape);
  const axisLen = out.shape[attrs.axis]!;
  const desc = axisLoop(ctx, src!.shape, os, attrs.axis);
  const pos = ctx.kernel(`scatter_add_${storageSuffix(out.dtype)}`)(src!.ptr, index!.ptr, y.ptr, os[attrs.axis]!, axisLen, desc);
  if (pos >= 0) badIndex(ctx, 'scatterAdd', index!.ptr, pos, attrs.axis, axisLen);
  return y;
};
