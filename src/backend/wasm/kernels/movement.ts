/**
 * The movement family's kernels (assembly/movement.ts): permute, slice, pad, concat and broadcastTo,
 * each a (src, dst) loop in elements that is collapsed and run by the primitive's export; only the
 * element width matters (32-bit float32/int32, 8-bit uint8/bool).
 */
import type { DType } from '../../../engine/dtype.js';
import type { Shape } from '../../../engine/shape.js';
import { axisLength, sizeOf, stridesOf } from '../../../engine/shape.js';
import { broadcastStrides } from '../../../engine/geometry.js';
import type { WasmContext } from '../context.js';
import { bytesPerElement } from '../context.js';
import type { CopyExport, PadExport } from '../exports.js';
import type { WasmKernel } from '../kernel.js';
import type { ExportOf, ExportsByDType } from './lib/exports-by-dtype.js';
import { exportFor } from './lib/exports-by-dtype.js';
import { ptr } from './lib/inputs.js';
import { collapse, descriptor } from './lib/nd.js';

type CopyPrim = 'permute' | 'slice' | 'broadcastTo' | 'concat';

/** The copy exports by the output's element width. */
const COPY: ExportsByDType<CopyPrim, CopyExport> = {
  permute: { float32: 'permute_32', int32: 'permute_32', uint8: 'permute_8', bool: 'permute_8' },
  slice: { float32: 'slice_32', int32: 'slice_32', uint8: 'slice_8', bool: 'slice_8' },
  broadcastTo: { float32: 'broadcastTo_32', int32: 'broadcastTo_32', uint8: 'broadcastTo_8', bool: 'broadcastTo_8' },
  concat: { float32: 'concat_32', int32: 'concat_32', uint8: 'concat_8', bool: 'concat_8' },
};

const PAD: ExportsByDType<'pad', PadExport> = {
  pad: { float32: 'pad_32', int32: 'pad_32', uint8: 'pad_8', bool: 'pad_8' },
};

/** Descriptor of a loop over `shape` from src (+ strides) to dst (+ strides), in elements. */
function copyLoop(ctx: WasmContext, shape: Shape, srcStrides: readonly number[], dstStrides: readonly number[]): number {
  return ctx.args(descriptor(collapse(shape, [srcStrides, dstStrides])));
}

/** Runs `fn` over a loop of `shape` from src to dst (pointers in bytes); nothing for an empty loop. */
function copyNd(ctx: WasmContext, fn: ExportOf<CopyPrim, CopyExport>, shape: Shape, src: number, srcStrides: readonly number[],
  dst: number, dstStrides: readonly number[]): void {
  if (sizeOf(shape) === 0) return;
  ctx.exports[fn](src, dst, copyLoop(ctx, shape, srcStrides, dstStrides));
}

/** Output axis i is input axis perm[i]. */
export const permute: WasmKernel<'permute'> = (ctx, [x], attrs, out) => {
  const fn = exportFor(COPY, 'permute', out.dtype);
  const xp = ptr(x);
  const y = ctx.output(out);
  const inStrides = stridesOf(x.shape);
  copyNd(ctx, fn, out.shape, xp, attrs.perm.map((p) => inStrides[p]!), y.ptr, stridesOf(out.shape));
  return y;
};

/** Elements begin[i] + k·step[i] for k < out.shape[i]. */
export const slice: WasmKernel<'slice'> = (ctx, [x], attrs, out) => {
  const fn = exportFor(COPY, 'slice', out.dtype);
  const xp = ptr(x);
  const y = ctx.output(out);
  const inStrides = stridesOf(x.shape);
  let offset = 0;
  for (let i = 0; i < inStrides.length; i++) offset += attrs.begin[i]! * inStrides[i]!;
  const src = xp + offset * bytesPerElement(out.dtype);
  copyNd(ctx, fn, out.shape, src, inStrides.map((s, i) => s * attrs.step[i]!), y.ptr, stridesOf(out.shape));
  return y;
};

/** Repeats size-1 (or missing leading) axes to the output shape. */
export const broadcastTo: WasmKernel<'broadcastTo'> = (ctx, [x], _attrs, out) => {
  const fn = exportFor(COPY, 'broadcastTo', out.dtype);
  const xp = ptr(x);
  const y = ctx.output(out);
  copyNd(ctx, fn, out.shape, xp, broadcastStrides(x.shape, out.shape), y.ptr, stridesOf(out.shape));
  return y;
};

/** The pad value as the bit pattern a typed array of `dtype` stores for it (JS conversion rules). */
function fillBits(value: number, dtype: DType): number {
  const bits = new DataView(new ArrayBuffer(4));
  if (dtype === 'float32') {
    bits.setFloat32(0, value);
    return bits.getInt32(0);
  }
  if (dtype === 'int32') {
    bits.setInt32(0, value);
    return bits.getInt32(0);
  }
  bits.setUint8(0, value);
  return bits.getUint8(0);
}

/** Constant padding: the export fills the output with the value, then copies x into the interior. */
export const pad: WasmKernel<'pad'> = (ctx, [x], attrs, out) => {
  const fn = exportFor(PAD, 'pad', out.dtype);
  const xp = ptr(x);
  const y = ctx.output(out);
  const total = sizeOf(out.shape);
  if (total === 0) return y;
  const outStrides = stridesOf(out.shape);
  let offset = 0;
  for (let i = 0; i < x.shape.length; i++) offset += attrs.pads[i]![0] * outStrides[i]!;
  const interior = y.ptr + offset * bytesPerElement(out.dtype);
  const bits = fillBits(attrs.value, out.dtype);
  // An empty x gives a loop without elements: the export then only fills.
  ctx.exports[fn](xp, y.ptr, total, bits, interior, copyLoop(ctx, x.shape, stridesOf(x.shape), outStrides));
  return y;
};

/** Parts joined along `axis` (all already of the output dtype), one export call per part. */
export const concat: WasmKernel<'concat'> = (ctx, parts, attrs, out) => {
  const fn = exportFor(COPY, 'concat', out.dtype);
  const sources = parts.map((p) => ({ at: ptr(p), length: axisLength(p.shape, attrs.axis, 'concat') }));
  const y = ctx.output(out);
  if (sizeOf(out.shape) === 0) return y;
  const outer = sizeOf(out.shape.slice(0, attrs.axis));
  const inner = sizeOf(out.shape.slice(attrs.axis + 1));
  const outRow = axisLength(out.shape, attrs.axis, 'concat') * inner;
  const bpe = bytesPerElement(out.dtype);
  let start = 0;
  for (const { at, length } of sources) {
    const block = length * inner;
    copyNd(ctx, fn, [outer, block], at, [block, 1], y.ptr + start * bpe, [outRow, 1]);
    start += block;
  }
  return y;
};
