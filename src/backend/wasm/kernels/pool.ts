/**
 * JS wrappers of the wasm pooling kernels (assembly/pool.ts). Work range: the N*C planes, split into
 * `ctx.threads` parts; no scratch.
 */
import type { AvgPool2dAttrs, Pool2dAttrs } from '../../../engine/primitives.js';
import { pool2dGeometry, type Pool2dGeometry } from '../../../engine/geometry.js';
import { allocBytes, allocI32, partsFor, runCalls, splitRange, type KernelCall, type KernelContext, type WasmBuf } from './context.js';

/** The 14-i32 geometry block of the ABI (see assembly/pool.ts). */
export function pool2dGeometryWords(g: Pool2dGeometry): number[] {
  return [g.n, g.c, g.h, g.w, g.oh, g.ow, g.kh, g.kw, g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW];
}

/** Minimum window taps visited for a thread of its own (when the context sets no threshold). */
const MIN_WORK_PER_PART = 1 << 17;
/**
 * A window tap (load, compare, plus the share of touching input and output) costs about as much as 8
 * multiply-adds of the packed gemm (measured here: ~0.35 ns against ~0.045 ns per multiply-add on one
 * core), so pooling work is counted in multiply-adds against the context's threshold, which is in
 * multiply-adds. Without it the lecture CNN's first pooling (2.8 M taps) never split.
 */
const TAP_COST_IN_MULTIPLY_ADDS = 8;

function runOverPlanes(ctx: KernelContext, g: Pool2dGeometry, fn: KernelCall['fn'],
  argsFor: (geom: number, p0: number, p1: number) => number[]): void {
  const planes = g.n * g.c;
  if (planes === 0) return;
  const perPlane = Math.max(1, g.oh * g.ow * g.kh * g.kw + g.h * g.w);
  const parts = ctx.minWorkPerPart === undefined
    ? partsFor(ctx, planes * perPlane, MIN_WORK_PER_PART)
    : partsFor(ctx, planes * perPlane * TAP_COST_IN_MULTIPLY_ADDS, MIN_WORK_PER_PART);
  const geom = allocI32(ctx, pool2dGeometryWords(g));
  try {
    runCalls(ctx, splitRange(planes, parts).map(([p0, p1]) => ({ fn, args: argsFor(geom, p0, p1) })));
  } finally {
    ctx.free(geom);
  }
}

/** y = maxPool2d(x); returns y [N, C, OH, OW]. */
export function maxPool2dWasm(ctx: KernelContext, x: WasmBuf, attrs: Pool2dAttrs, outShape: readonly number[]): number {
  const g = pool2dGeometry(x.shape, outShape, attrs);
  const y = allocBytes(ctx, g.n * g.c * g.oh * g.ow * 4);
  runOverPlanes(ctx, g, 'max_pool2d_f32', (geom, p0, p1) => [geom, x.ptr, y, p0, p1]);
  return y;
}

/** dx of max pooling given x and dy; outShape is x's shape. */
export function maxPool2dGradWasm(ctx: KernelContext, x: WasmBuf, dy: WasmBuf, attrs: Pool2dAttrs,
  outShape: readonly number[]): number {
  const g = pool2dGeometry(outShape, dy.shape, attrs);
  const dx = allocBytes(ctx, g.n * g.c * g.h * g.w * 4);
  runOverPlanes(ctx, g, 'max_pool2d_grad_f32', (geom, p0, p1) => [geom, x.ptr, dy.ptr, dx, p0, p1]);
  return dx;
}

/** y = avgPool2d(x); returns y [N, C, OH, OW]. */
export function avgPool2dWasm(ctx: KernelContext, x: WasmBuf, attrs: AvgPool2dAttrs, outShape: readonly number[]): number {
  const g = pool2dGeometry(x.shape, outShape, attrs);
  const y = allocBytes(ctx, g.n * g.c * g.oh * g.ow * 4);
  const cip = attrs.countIncludePad ? 1 : 0;
  const div = attrs.divisorOverride ?? 0;
  runOverPlanes(ctx, g, 'avg_pool2d_f32', (geom, p0, p1) => [geom, x.ptr, y, cip, div, p0, p1]);
  return y;
}

/** dx of average pooling given dy; outShape is x's shape. */
export function avgPool2dGradWasm(ctx: KernelContext, dy: WasmBuf, attrs: AvgPool2dAttrs, outShape: readonly number[]): number {
  const g = pool2dGeometry(outShape, dy.shape, attrs);
  const dx = allocBytes(ctx, g.n * g.c * g.h * g.w * 4);
  const cip = attrs.countIncludePad ? 1 : 0;
  const div = attrs.divisorOverride ?? 0;
  runOverPlanes(ctx, g, 'avg_pool2d_grad_f32', (geom, p0, p1) => [geom, dy.ptr, dx, cip, div, p0, p1]);
  return dx;
}
