/**
 * The elementwise family's kernels (assembly/elementwise.ts): unary math, reluGrad, cast, broadcasting
 * arithmetic, comparisons and where. Inputs already have the dtypes the op chose (the op casts before
 * dispatch); shapes broadcast NumPy-style to `out.shape`. relu and reluGrad on float32, the big
 * activations of training, split over the worker pool (memory-bound: see lib/split.ts).
 */
import type { DType } from '../../../engine/dtype.js';
import type { Shape } from '../../../engine/shape.js';
import { sizeOf } from '../../../engine/shape.js';
import type { KernelArg } from '../../../engine/backend.js';
import { broadcastStrides } from '../../../engine/geometry.js';
import type { WasmContext } from '../context.js';
import { bytesPerElement } from '../context.js';
import type { BinaryExport, UnaryExport, WhereExport } from '../exports.js';
import type { WasmKernel } from '../kernel.js';
import type { ExportOf, ExportsByDType } from './lib/exports-by-dtype.js';
import { exportFor } from './lib/exports-by-dtype.js';
import { f32Ptr, noKernel, ptr } from './lib/inputs.js';
import { collapse, descriptor } from './lib/nd.js';
import { runElementwise } from './lib/split.js';

type UnaryPrim = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sign' | 'tanh' | 'sigmoid' | 'relu' | 'erf';
type BinaryPrim = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
type ComparePrim = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** Unary exports by input dtype: float32 for every op, int32 for neg/abs/sign/relu. */
const UNARY: ExportsByDType<UnaryPrim, UnaryExport> = {
  neg: { float32: 'neg_f32', int32: 'neg_i32' },
  exp: { float32: 'exp_f32' },
  log: { float32: 'log_f32' },
  sqrt: { float32: 'sqrt_f32' },
  abs: { float32: 'abs_f32', int32: 'abs_i32' },
  sign: { float32: 'sign_f32', int32: 'sign_i32' },
  tanh: { float32: 'tanh_f32' },
  sigmoid: { float32: 'sigmoid_f32' },
  relu: { float32: 'relu_f32', int32: 'relu_i32' },
  erf: { float32: 'erf_f32' },
};

/** Arithmetic exports by dtype (inputs and output share it): float32, or int32 with the reference's integer semantics. */
const BINARY: ExportsByDType<BinaryPrim, BinaryExport> = {
  add: { float32: 'add_f32', int32: 'add_i32', uint8: 'add_u8' },
  sub: { float32: 'sub_f32', int32: 'sub_i32', uint8: 'sub_u8' },
  mul: { float32: 'mul_f32', int32: 'mul_i32', uint8: 'mul_u8' },
  div: { float32: 'div_f32', int32: 'div_i32' },
  pow: { float32: 'pow_f32', int32: 'pow_i32' },
  maximum: { float32: 'maximum_f32', int32: 'maximum_i32', uint8: 'maximum_u8' },
  minimum: { float32: 'minimum_f32', int32: 'minimum_i32', uint8: 'minimum_u8' },
};

/** Comparison exports by the (shared) input dtype; bool compares as its u8 storage. */
const COMPARE: ExportsByDType<ComparePrim, BinaryExport> = {
  eq: { float32: 'eq_f32', int32: 'eq_i32', uint8: 'eq_u8', bool: 'eq_u8' },
  ne: { float32: 'ne_f32', int32: 'ne_i32', uint8: 'ne_u8', bool: 'ne_u8' },
  lt: { float32: 'lt_f32', int32: 'lt_i32', uint8: 'lt_u8', bool: 'lt_u8' },
  le: { float32: 'le_f32', int32: 'le_i32', uint8: 'le_u8', bool: 'le_u8' },
  gt: { float32: 'gt_f32', int32: 'gt_i32', uint8: 'gt_u8', bool: 'gt_u8' },
  ge: { float32: 'ge_f32', int32: 'ge_i32', uint8: 'ge_u8', bool: 'ge_u8' },
};

/** where by the output's element width. */
const WHERE: ExportsByDType<'where', WhereExport> = {
  where: { float32: 'where_32', int32: 'where_32', uint8: 'where_8', bool: 'where_8' },
};

/** cast's export for (from, to); null = same storage (or bool → uint8, bool → bool): a byte copy; absent = no kernel (float64). */
const CAST: { readonly [From in DType]?: { readonly [To in DType]?: ExportOf<'cast', UnaryExport> | null } } = {
  float32: { float32: null, int32: 'cast_f32_i32', uint8: 'cast_f32_u8', bool: 'cast_f32_bool' },
  int32: { float32: 'cast_i32_f32', int32: null, uint8: 'cast_i32_u8', bool: 'cast_i32_bool' },
  uint8: { float32: 'cast_u8_f32', int32: 'cast_u8_i32', uint8: null, bool: 'cast_u8_bool' },
  bool: { float32: 'cast_u8_f32', int32: 'cast_u8_i32', uint8: null, bool: null },
};

/** y = f(x) elementwise. */
function unary<P extends UnaryPrim>(prim: P): WasmKernel<P> {
  const p: UnaryPrim = prim;
  return (ctx, [x], _attrs, out) => {
    const fn = exportFor(UNARY, p, x.dtype);
    const xp = ptr(x);
    const y = ctx.output(out);
    const n = sizeOf(out.shape);
    if (fn === 'relu_f32') runElementwise(ctx, 'relu_f32', n, (s, e) => [xp + 4 * s, y.ptr + 4 * s, e - s]);
    else if (n > 0) ctx.exports[fn](xp, y.ptr, n);
    return y;
  };
}

export const neg = unary('neg');
export const exp = unary('exp');
export const log = unary('log');
export const sqrt = unary('sqrt');
export const abs = unary('abs');
export const sign = unary('sign');
export const tanh = unary('tanh');
export const sigmoid = unary('sigmoid');
export const relu = unary('relu');
export const erf = unary('erf');

/** relu's gradient: g where x > 0 else 0 (float32, x and g of the output's shape). */
export const reluGrad: WasmKernel<'reluGrad'> = (ctx, [x, g], _attrs, out) => {
  const xp = f32Ptr('reluGrad', x);
  const gp = f32Ptr('reluGrad', g);
  const y = ctx.output(out);
  runElementwise(ctx, 'reluGrad_f32', sizeOf(out.shape), (s, e) => [xp + 4 * s, gp + 4 * s, y.ptr + 4 * s, e - s]);
  return y;
};

/** dtype conversion with the reference's JS semantics (see assembly/elementwise.ts); same storage = copy. */
export const cast: WasmKernel<'cast'> = (ctx, [x], attrs, out) => {
  const fn = CAST[x.dtype]?.[attrs.dtype];
  if (fn === undefined) throw noKernel('cast', `${x.dtype} → ${attrs.dtype}`);
  const xp = ptr(x);
  const y = ctx.output(out);
  const n = sizeOf(out.shape);
  if (n === 0) return y;
  if (fn === null) ctx.exports.copy_bytes(xp, y.ptr, n * bytesPerElement(attrs.dtype));
  else ctx.exports[fn](xp, y.ptr, n);
  return y;
};

/** Collapsed broadcast descriptor of `args` read at the positions of `outShape` (output contiguous). */
function broadcastLoop(ctx: WasmContext, args: readonly KernelArg[], outShape: Shape): number {
  const loop = collapse(outShape, args.map((a) => broadcastStrides(a.shape, outShape)));
  return ctx.args(descriptor(loop));
}

/** Broadcasting arithmetic: both inputs of the output's dtype. */
function binary<P extends BinaryPrim>(prim: P): WasmKernel<P> {
  const p: BinaryPrim = prim;
  return (ctx, [a, b], _attrs, out) => {
    const fn = exportFor(BINARY, p, out.dtype);
    if (a.dtype !== out.dtype || b.dtype !== out.dtype) throw noKernel(p, `${a.dtype}/${b.dtype} → ${out.dtype}`);
    const ap = ptr(a);
    const bp = ptr(b);
    const y = ctx.output(out);
    if (sizeOf(out.shape) === 0) return y;
    ctx.exports[fn](ap, bp, y.ptr, broadcastLoop(ctx, [a, b], out.shape));
    return y;
  };
}

export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
export const div = binary('div');
export const pow = binary('pow');
export const maximum = binary('maximum');
export const minimum = binary('minimum');

/** Broadcasting comparison of two same-dtype inputs → bool. */
function compare<P extends ComparePrim>(prim: P): WasmKernel<P> {
  const p: ComparePrim = prim;
  return (ctx, [a, b], _attrs, out) => {
    if (a.dtype !== b.dtype) throw noKernel(p, `mixed ${a.dtype}/${b.dtype}`);
    const fn = exportFor(COMPARE, p, a.dtype);
    const ap = ptr(a);
    const bp = ptr(b);
    const y = ctx.output(out);
    if (sizeOf(out.shape) === 0) return y;
    ctx.exports[fn](ap, bp, y.ptr, broadcastLoop(ctx, [a, b], out.shape));
    return y;
  };
}

export const eq = compare('eq');
export const ne = compare('ne');
export const lt = compare('lt');
export const le = compare('le');
export const gt = compare('gt');
export const ge = compare('ge');

/** cond ? a : b, broadcasting all three (cond is bool; a, b of the output's dtype). */
export const where: WasmKernel<'where'> = (ctx, [c, a, b], _attrs, out) => {
  const fn = exportFor(WHERE, 'where', out.dtype);
  const cp = ptr(c);
  const ap = ptr(a);
  const bp = ptr(b);
  const y = ctx.output(out);
  if (sizeOf(out.shape) === 0) return y;
  ctx.exports[fn](cp, ap, bp, y.ptr, broadcastLoop(ctx, [c, a, b], out.shape));
  return y;
};
