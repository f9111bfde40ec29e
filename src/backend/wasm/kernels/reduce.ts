/**
 * The reduce family's kernels (assembly/reduce.ts). Reduced axes are kept as size 1 in `out.shape`.
 * sum takes float32 (float64 accumulation) or int32; max/min/argmax/argmin take float32, int32, uint8
 * and bool (as its u8 storage).
 */
import { axisLength, sizeOf, stridesOf } from '../../../engine/shape.js';
import { bytesPerElement } from '../context.js';
import type { ArgExtremeExport, ExtremeExport, SumExport } from '../exports.js';
import type { WasmKernel } from '../kernel.js';
import type { ExportsByDType } from './lib/exports-by-dtype.js';
import { exportFor } from './lib/exports-by-dtype.js';
import { ptr } from './lib/inputs.js';
import { collapse, descriptor } from './lib/nd.js';

const SUM: ExportsByDType<'sum', SumExport> = { sum: { float32: 'sum_f32', int32: 'sum_i32' } };

const EXTREME: ExportsByDType<'max' | 'min', ExtremeExport> = {
  max: { float32: 'max_f32', int32: 'max_i32', uint8: 'max_u8', bool: 'max_u8' },
  min: { float32: 'min_f32', int32: 'min_i32', uint8: 'min_u8', bool: 'min_u8' },
};

const ARG_EXTREME: ExportsByDType<'argmax' | 'argmin', ArgExtremeExport> = {
  argmax: { float32: 'argmax_f32', int32: 'argmax_i32', uint8: 'argmax_u8', bool: 'argmax_u8' },
  argmin: { float32: 'argmin_f32', int32: 'argmin_i32', uint8: 'argmin_u8', bool: 'argmin_u8' },
};

/** Descriptor walking the input row-major with the output's strides (0 on reduced axes). */
function reduceDescriptor(inShape: readonly number[], axes: readonly number[]): number[] {
  const outShape = inShape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outStrides = stridesOf(outShape).map((s, i) => (axes.includes(i) ? 0 : s));
  // The input is contiguous: collapse on (input, output) strides and keep only the output's.
  const loop = collapse(inShape, [stridesOf(inShape), outStrides]);
  return descriptor({ shape: loop.shape, strides: [loop.strides[1]!] }); // collapse keeps one stride list per list given
}

/** Sum over `axes` (float64 accumulation for float32, rounded once; int32 wraps like the reference). */
export const sum: WasmKernel<'sum'> = (ctx, [x], attrs, out) => {
  const fn = exportFor(SUM, 'sum', x.dtype);
  const xp = ptr(x);
  const y = ctx.output(out);
  const outSize = sizeOf(out.shape);
  if (outSize === 0) return y;
  if (sizeOf(x.shape) === 0) {
    // An empty reduced axis: zeros (both dtypes of sum are 32-bit).
    ctx.exports.fill_32(y.ptr, outSize, 0);
    return y;
  }
  const desc = ctx.args(reduceDescriptor(x.shape, attrs.axes));
  const acc = ctx.alloc(outSize * 8);
  try {
    ctx.exports[fn](xp, y.ptr, acc, outSize, desc);
  } finally {
    ctx.free(acc);
  }
  return y;
};

/** max/min over `axes`; NaN propagates. (The op rejects an empty reduced axis; the backend gives zeros there.) */
function extreme<P extends 'max' | 'min'>(prim: P): WasmKernel<P> {
  const p: 'max' | 'min' = prim;
  return (ctx, [x], attrs, out) => {
    const fn = exportFor(EXTREME, p, x.dtype);
    const xp = ptr(x);
    const y = ctx.output(out);
    const outSize = sizeOf(out.shape);
    if (outSize === 0) return y;
    if (sizeOf(x.shape) === 0) {
      if (bytesPerElement(x.dtype) === 4) ctx.exports.fill_32(y.ptr, outSize, 0);
      else ctx.exports.fill_8(y.ptr, outSize, 0);
      return y;
    }
    ctx.exports[fn](xp, y.ptr, outSize, ctx.args(reduceDescriptor(x.shape, attrs.axes)));
    return y;
  };
}

export const max = extreme('max');
export const min = extreme('min');

/** Index of the first max/min along `axis` (NaN counts as the extreme) → int32 with the axis kept. */
function argExtreme<P extends 'argmax' | 'argmin'>(prim: P): WasmKernel<P> {
  const p: 'argmax' | 'argmin' = prim;
  return (ctx, [x], attrs, out) => {
    const fn = exportFor(ARG_EXTREME, p, x.dtype);
    const xp = ptr(x);
    const y = ctx.output(out);
    if (sizeOf(out.shape) === 0) return y;
    const shape = x.shape;
    const outer = sizeOf(shape.slice(0, attrs.axis));
    const inner = sizeOf(shape.slice(attrs.axis + 1));
    ctx.exports[fn](xp, y.ptr, outer, axisLength(shape, attrs.axis, p), inner);
    return y;
  };
}

export const argmax = argExtreme('argmax');
export const argmin = argExtreme('argmin');
