/**
 * Wrappers of the reductions (assembly/reduce.ts). Reduced axes are kept as size 1 in `out.shape`.
 * sum takes float32 (float64 accumulation) or int32; max/min take float32, int32, uint8 and bool.
 */
import { sizeOf, stridesOf } from '../../../engine/shape.js';
import type { WasmKernel } from '../kernel.js';
import { collapse, descriptor } from './nd.js';
import { storageSuffix, unsupported } from './suffix.js';

/** Descriptor walking the input row-major with the output's strides (0 on reduced axes). */
function reduceDescriptor(inShape: readonly number[], axes: readonly number[]): number[] {
  const outShape = inShape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outStrides = stridesOf(outShape).map((s, i) => (axes.includes(i) ? 0 : s));
  // The input is contiguous: collapse on (input, output) strides and keep only the output's.
  const loop = collapse(inShape, [stridesOf(inShape), outStrides]);
  return descriptor({ shape: loop.shape, strides: [loop.strides[1]!] });
}

export function reduce<P extends 'sum' | 'max' | 'min'>(prim: P): WasmKernel<P> {
  return (ctx, [x], attrs, out) => {
    const dt = x!.dtype;
    if (prim === 'sum' && dt !== 'float32' && dt !== 'int32') unsupported(prim, dt);
    const y = ctx.output(out);
    const outSize = sizeOf(out.shape);
    if (outSize === 0) return y;
    const inSize = sizeOf(x!.shape);
    if (inSize === 0) {
      // Only sum reaches here (max/min of an empty axis is rejected by the op): zeros.
      ctx.kernel(dt === 'float32' || dt === 'int32' ? 'fill_32' : 'fill_8')(y.ptr, outSize, 0);
      return y;
    }
    const desc = ctx.args(reduceDescriptor(x!.shape, attrs.axes));
    const name = `${prim}_${storageSuffix(dt)}`;
    if (prim === 'sum') {
      const acc = ctx.alloc(outSize * 8);
      try {
        ctx.kernel(name)(x!.ptr, y.ptr, acc, outSize, desc);
      } finally {
        ctx.free(acc);
      }
    } else {
      ctx.kernel(name)(x!.ptr, y.ptr, outSize, desc);
    }
    return y;
  };
}

/** Index of the first max/min along `axis` (NaN counts as the extreme) → int32 with the axis kept. */
export function argReduce<P extends 'argmax' | 'argmin'>(prim: P): WasmKernel<P> {
  return (ctx, [x], attrs, out) => {
    const y = ctx.output(out);
    if (sizeOf(out.shape) === 0) return y;
    const shape = x!.shape;
    const n = shape[attrs.axis]!;
    const outer = sizeOf(shape.slice(0, attrs.axis));
    const inner = sizeOf(shape.slice(attrs.axis + 1));
    ctx.kernel(`${prim}_${storageSuffix(x!.dtype)}`)(x!.ptr, y.ptr, outer, n, inner);
    return y;
  };
}
