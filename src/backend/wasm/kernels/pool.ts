/**
 * The pool family's kernels (assembly/pool.ts): maxPool2d, maxPool2dGrad, avgPool2d, avgPool2dGrad
 * (float32, NCHW). The op computes the output size (ceil mode included).
 *
 * Geometry block (14 i32, allocated per call because worker parts read it):
 *   [n, c, h, w, oh, ow, kh, kw, strideH, strideW, padH, padW, dilationH, dilationW]
 *
 * Work range: the N·C planes, split into `ctx.threads` parts; a part writes only its planes (the
 * gradients zero theirs first), so every split gives the same result. No scratch.
 */
import { pool2dGeometry, type Pool2dGeometry } from '../../../engine/geometry.js';
import type { WasmContext } from '../context.js';
import type { KernelCall } from '../exports.js';
import { kernelCall } from '../exports.js';
import type { WasmKernel } from '../kernel.js';
import { f32Ptr } from './lib/inputs.js';
import { partsFor, splitRange } from './lib/split.js';

/** The 14-i32 geometry block of the ABI. */
function geometryWords(g: Pool2dGeometry): number[] {
  return [g.n, g.c, g.h, g.w, g.oh, g.ow, g.kh, g.kw, g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW];
}

/**
 * A window tap (load, compare, plus the share of touching input and output) costs about as much as 8
 * multiply-adds of the packed gemm (measured here: ~0.35 ns against ~0.045 ns per multiply-add on one
 * core), so pooling work is counted in multiply-adds against the context's threshold, which is in
 * multiply-adds. Without it the lecture CNN's first pooling (2.8 M taps) never split.
 */
const TAP_COST_IN_MULTIPLY_ADDS = 8;

/** Runs one pooling export over plane ranges; `callFor` builds a part's call. */
function runOverPlanes(ctx: WasmContext, g: Pool2dGeometry, callFor: (geom: number, p0: number, p1: number) => KernelCall): void {
  const planes = g.n * g.c;
  if (planes === 0) return;
  const perPlane = Math.max(1, g.oh * g.ow * g.kh * g.kw + g.h * g.w);
  const parts = partsFor(ctx, planes * perPlane * TAP_COST_IN_MULTIPLY_ADDS);
  const geom = ctx.allocI32(geometryWords(g));
  try {
    ctx.runCalls(splitRange(planes, parts).map(([p0, p1]) => callFor(geom, p0, p1)));
  } finally {
    ctx.free(geom);
  }
}

/** y = maxPool2d(x) → [N, C, OH, OW]; padding is −∞. */
export const maxPool2d: WasmKernel<'maxPool2d'> = (ctx, [x], attrs, out) => {
  const xp = f32Ptr('maxPool2d', x);
  const y = ctx.output(out);
  const g = pool2dGeometry(x.shape, out.shape, attrs);
  runOverPlanes(ctx, g, (geom, p0, p1) => kernelCall('maxPool2d_f32', geom, xp, y.ptr, p0, p1));
  return y;
};

/** dx of max pooling given x and dy (argmax recomputed from x); the output is x's shape. */
export const maxPool2dGrad: WasmKernel<'maxPool2dGrad'> = (ctx, [x, dy], attrs, out) => {
  const xp = f32Ptr('maxPool2dGrad', x);
  const dyp = f32Ptr('maxPool2dGrad', dy);
  const dx = ctx.output(out);
  const g = pool2dGeometry(out.shape, dy.shape, attrs);
  runOverPlanes(ctx, g, (geom, p0, p1) => kernelCall('maxPool2dGrad_f32', geom, xp, dyp, dx.ptr, p0, p1));
  return dx;
};

/** y = avgPool2d(x) → [N, C, OH, OW]. */
export const avgPool2d: WasmKernel<'avgPool2d'> = (ctx, [x], attrs, out) => {
  const xp = f32Ptr('avgPool2d', x);
  const y = ctx.output(out);
  const g = pool2dGeometry(x.shape, out.shape, attrs);
  const cip = attrs.countIncludePad ? 1 : 0;
  const div = attrs.divisorOverride ?? 0;
  runOverPlanes(ctx, g, (geom, p0, p1) => kernelCall('avgPool2d_f32', geom, xp, y.ptr, cip, div, p0, p1));
  return y;
};

/** dx of average pooling given dy; the output is x's shape. */
export const avgPool2dGrad: WasmKernel<'avgPool2dGrad'> = (ctx, [dy], attrs, out) => {
  const dyp = f32Ptr('avgPool2dGrad', dy);
  const dx = ctx.output(out);
  const g = pool2dGeometry(out.shape, dy.shape, attrs);
  const cip = attrs.countIncludePad ? 1 : 0;
  const div = attrs.divisorOverride ?? 0;
  runOverPlanes(ctx, g, (geom, p0, p1) => kernelCall('avgPool2dGrad_f32', geom, dyp, dx.ptr, cip, div, p0, p1));
  return dx;
};
