/**
 * Wrappers of the elementwise kernels (assembly/unary.ts, cast.ts, binary.ts, compare.ts, where.ts).
 * Inputs already have the dtypes the op chose (src/ops/elementwise.ts casts before dispatch); shapes
 * broadcast NumPy-style to `out.shape`.
 */
import { sizeOf } from '../../../engine/shape.js';
import type { Shape } from '../../../engine/shape.js';
import type { Primitive } from '../../../engine/primitives.js';
import { broadcastStrides } from '../../../engine/geometry.js';
import type { WasmContext } from '../context.js';
import { bytesPerElement } from '../context.js';
import type { WasmArg, WasmKernel } from '../kernel.js';
import { collapse, descriptor } from './nd.js';
import { runElementwise } from './context.js';
import { kc } from './vision.js';
import { storageSuffix, unsupported, widthSuffix } from './suffix.js';

type NoAttrPrim = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sign' | 'tanh' | 'sigmoid' | 'relu';
type BinaryPrim = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
type ComparePrim = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

const INT_UNARY: ReadonlySet<Primitive> = new Set<Primitive>(['neg', 'abs', 'sign', 'relu']);

/** y = f(x) elementwise; float32 for every op, int32 for neg/abs/sign/relu. */
export function unary<P extends NoAttrPrim>(prim: P): WasmKernel<P> {
  return (ctx, [x], _attrs, out) => {
    const dt = x!.dtype;
    if (dt !== 'float32' && !(dt === 'int32' && INT_UNARY.has(prim))) unsupported(prim, dt);
    const y = ctx.output(out);
    const n = sizeOf(out.shape);
    if (prim === 'relu' && dt === 'float32') {
      // The big activations of training: split over the worker pool (memory-bound, see runElementwise).
      runElementwise(kc(ctx), 'relu_f32', n, (s, e) => [x!.ptr + 4 * s, y.ptr + 4 * s, e - s]);
    } else if (n > 0) ctx.kernel(`${prim}_${storageSuffix(dt)}`)(x!.ptr, y.ptr, n);
    return y;
  };
}

/** relu's gradient: g where x > 0 else 0 (float32, x and g of the output's shape). */
export const reluGrad: WasmKernel<'reluGrad'> = (ctx, [x, g], _attrs, out) => {
  if (x!.dtype !== 'float32' || g!.dtype !== 'float32') unsupported('reluGrad', `${x!.dtype}/${g!.dtype}`);
  const y = ctx.output(out);
  runElementwise(kc(ctx), 'relu_grad_f32', sizeOf(out.shape), (s, e) => [x!.ptr + 4 * s, g!.ptr + 4 * s, y.ptr + 4 * s, e - s]);
  return y;
};

/** dtype conversion with the reference's JS semantics (see assembly/cast.ts); same storage = copy. */
export const cast: WasmKernel<'cast'> = (ctx, [x], attrs, out) => {
  const y = ctx.output(out);
  const n = sizeOf(out.shape);
  if (n === 0) return y;
  const from = storageSuffix(x!.dtype);
  const to = attrs.dtype === 'bool' ? 'bool' : storageSuffix(attrs.dtype);
  const srcIsBool = x!.dtype === 'bool';
  if (from === to || (to === 'u8' && from === 'u8') || (to === 'bool' && srcIsBool)) {
    ctx.kernel('copy_bytes')(x!.ptr, y.ptr, n * bytesPerElement(attrs.dtype));
  } else {
    ctx.kernel(`cast_${from}_${to}`)(x!.ptr, y.ptr, n);
  }
  return y;
};

/** Collapsed broadcast descriptor of `args` read at the positions of `outShape` (output contiguous). */
function broadcastLoop(ctx: WasmContext, args: readonly WasmArg[], outShape: Shape): number {
  const loop = collapse(outShape, args.map((a) => broadcastStrides(a.shape, outShape)));
  return ctx.args(descriptor(loop));
}

/** Broadcasting arithmetic; float32 (all ops) or int32 (integer semantics of the reference). */
export function binary<P extends BinaryPrim>(prim: P): WasmKernel<P> {
  return (ctx, [a, b], _attrs, out) => {
    if (out.dtype !== 'float32' && out.dtype !== 'int32') unsupported(prim, out.dtype);
    if (a!.dtype !== out.dtype || b!.dtype !== out.dtype) unsupported(prim, `${a!.dtype}/${b!.dtype} → ${out.dtype}`);
    const y = ctx.output(out);
    if (sizeOf(out.shape) === 0) return y;
    const desc = broadcastLoop(ctx, [a!, b!], out.shape);
    ctx.kernel(`${prim}_${storageSuffix(out.dtype)}`)(a!.ptr, b!.ptr, y.ptr, desc);
    return y;
  };
}

/** Broadcasting comparison of two same-dtype inputs → bool. */
export function compare<P extends ComparePrim>(prim: P): WasmKernel<P> {
  return (ctx, [a, b], _attrs, out) => {
    if (a!.dtype !== b!.dtype) unsupported(prim, `mixed ${a!.dtype}/${b!.dtype}`);
    const y = ctx.output(out);
    if (sizeOf(out.shape) === 0) return y;
    const desc = broadcastLoop(ctx, [a!, b!], out.shape);
    ctx.kernel(`${prim}_${storageSuffix(a!.dtype)}`)(a!.ptr, b!.ptr, y.ptr, desc);
    return y;
  };
}

/** cond ? a : b, broadcasting all three (cond is bool). */
export const where: WasmKernel<'where'> = (ctx, [c, a, b], _attrs, out) => {
  const y = ctx.output(out);
  if (sizeOf(out.shape) === 0) return y;
  const desc = broadcastLoop(ctx, [c!, a!, b!], out.shape);
  ctx.kernel(`where_${widthSuffix(out.dtype)}`)(c!.ptr, a!.ptr, b!.ptr, y.ptr, desc);
  return y;
};
