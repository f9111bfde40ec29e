/** The indexing family's kernels (assembly/indexing.ts): torch.gather / torch.scatter_add along one axis. */
import { sizeOf, stridesOf } from '../../../engine/shape.js';
import type { KernelArg } from '../../../engine/backend.js';
import type { WasmContext } from '../context.js';
import type { IndexExport } from '../exports.js';
import type { WasmKernel } from '../kernel.js';
import type { ExportsByDType } from './lib/exports-by-dtype.js';
import { exportFor } from './lib/exports-by-dtype.js';
import { noKernel, ptr } from './lib/inputs.js';
import { collapse, descriptor } from './lib/nd.js';

/** gather by the element width, scatterAdd by the storage (it adds), both of the output's dtype. */
const INDEXING: ExportsByDType<'gather' | 'scatterAdd', IndexExport> = {
  gather: { float32: 'gather_32', int32: 'gather_32', uint8: 'gather_8', bool: 'gather_8' },
  scatterAdd: { float32: 'scatterAdd_f32', int32: 'scatterAdd_i32', uint8: 'scatterAdd_u8', bool: 'scatterAdd_u8' },
};

/**
 * Descriptor of the loop over `walkShape` (walked contiguously, like the index) giving the other
 * tensor's steps with `axis` zeroed; the index supplies that coordinate.
 */
function axisLoop(ctx: WasmContext, walkShape: readonly number[], otherStrides: readonly number[], axis: number): number {
  const walk = otherStrides.map((s, d) => (d === axis ? 0 : s));
  const loop = collapse(walkShape, [walk, stridesOf(walkShape)]);
  return ctx.args(descriptor({ shape: loop.shape, strides: [loop.strides[0]!] }));
}

/** Indices are int32 (the op casts them). */
function indexPtr(prim: 'gather' | 'scatterAdd', index: KernelArg): number {
  if (index.dtype !== 'int32') throw noKernel(prim, `${index.dtype} index`);
  return ptr(index);
}

function badIndex(ctx: WasmContext, prim: string, indexPtr: number, pos: number, axis: number, axisLen: number): never {
  const k = ctx.i32(indexPtr + pos * 4, 1)[0]!;
  throw new Error(`${prim}: index ${k} is out of range for axis ${axis} of size ${axisLen}`);
}

/** out[p] = x[p with p[axis] replaced by index[p]]; index (int32) has the output's shape. */
export const gather: WasmKernel<'gather'> = (ctx, [x, index], attrs, out) => {
  const fn = exportFor(INDEXING, 'gather', out.dtype);
  const xp = ptr(x);
  const ip = indexPtr('gather', index);
  const y = ctx.output(out);
  if (sizeOf(out.shape) === 0) return y;
  const xs = stridesOf(x.shape);
  const axisLen = x.shape[attrs.axis]!;
  const desc = axisLoop(ctx, out.shape, xs, attrs.axis);
  const pos = ctx.exports[fn](xp, ip, y.ptr, xs[attrs.axis]!, axisLen, desc);
  if (pos >= 0) badIndex(ctx, 'gather', ip, pos, attrs.axis, axisLen);
  return y;
};

/** zeros(out.shape) with src scatter-added at index along `axis` (index has src's shape). */
export const scatterAdd: WasmKernel<'scatterAdd'> = (ctx, [src, index], attrs, out) => {
  const fn = exportFor(INDEXING, 'scatterAdd', out.dtype);
  const sp = ptr(src);
  const ip = indexPtr('scatterAdd', index);
  const y = ctx.output(out);
  const total = sizeOf(out.shape);
  if (total === 0) return y;
  if (fn === 'scatterAdd_f32' || fn === 'scatterAdd_i32') ctx.exports.fill_32(y.ptr, total, 0);
  else ctx.exports.fill_8(y.ptr, total, 0);
  if (sizeOf(src.shape) === 0) return y;
  const os = stridesOf(out.shape);
  const axisLen = out.shape[attrs.axis]!;
  const desc = axisLoop(ctx, src.shape, os, attrs.axis);
  const pos = ctx.exports[fn](sp, ip, y.ptr, os[attrs.axis]!, axisLen, desc);
  if (pos >= 0) badIndex(ctx, 'scatterAdd', ip, pos, attrs.axis, axisLen);
  return y;
};
