/**
 * JS wrappers of the wasm conv2d kernels (assembly/conv.ts): forward, input gradient, weight gradient.
 *
 * Work range: images of the batch, split into `ctx.threads` parts. Each part gets private scratch of
 * conv2d_f32_scratch_bytes(geom) bytes. Forward / input grad: each part writes its own images of the
 * output. Weight grad: part 0 writes the output buffer, part i > 0 a private partial buffer, and the
 * partials are added into the output on this thread in part order (deterministic for a thread count).
 */
import type { Conv2dAttrs } from '../../../engine/primitives.js';
import { conv2dGeometry, type Conv2dGeometry } from '../../../engine/geometry.js';
import { allocBytes, allocI32, partsFor, runCalls, splitRange, type KernelCall, type KernelContext, type WasmBuf } from './context.js';

/** The 16-i32 geometry block of the ABI (see assembly/conv.ts). */
export function conv2dGeometryWords(g: Conv2dGeometry): number[] {
  return [g.n, g.c, g.h, g.w, g.oc, g.kh, g.kw, g.oh, g.ow, g.strideH, g.strideW, g.padH, g.padW,
    g.dilationH, g.dilationW, g.groups];
}

/** Minimum multiply-adds for a thread of its own. */
const MIN_FMA_PER_PART = 1 << 18;

function imageRanges(ctx: KernelContext, g: Conv2dGeometry): [number, number][] {
  const perImage = Math.max(1, (g.oc * (g.c / g.groups) * g.kh * g.kw) * g.oh * g.ow);
  const parts = partsFor(ctx, g.n * perImage, MIN_FMA_PER_PART);
  return splitRange(g.n, parts);
}

/** Runs one conv kernel over image ranges with per-part scratch; `argsFor` builds the call arguments. */
function runOverImages(ctx: KernelContext, g: Conv2dGeometry, fn: KernelCall['fn'],
  argsFor: (geom: number, part: number, n0: number, n1: number, scratch: number) => number[],
  ranges: [number, number][] = imageRanges(ctx, g)): void {
  const geom = allocI32(ctx, conv2dGeometryWords(g));
  const scratch: number[] = [];
  try {
    const bytes = ctx.exports.conv2d_f32_scratch_bytes(geom);
    for (let i = 0; i < ranges.length; i++) scratch.push(allocBytes(ctx, bytes));
    runCalls(ctx, ranges.map(([n0, n1], i) => ({ fn, args: argsFor(geom, i, n0, n1, scratch[i]!) })));
  } finally {
    for (const p of scratch) ctx.free(p);
    ctx.free(geom);
  }
}

/** y = conv2d(x, w) + b; x [N, C, H, W], w [OC, C/groups, KH, KW], b [OC] or null; returns y [N, OC, OH, OW]. */
export function conv2dWasm(ctx: KernelContext, x: WasmBuf, w: WasmBuf, b: WasmBuf | null, attrs: Conv2dAttrs,
  outShape: readonly number[]): number {
  const g = conv2dGeometry(x.shape, w.shape, outShape, attrs);
  const y = allocBytes(ctx, g.n * g.oc * g.oh * g.ow * 4);
  if (g.n === 0) return y;
  runOverImages(ctx, g, 'conv2d_f32', (geom, _i, n0, n1, s) => [geom, x.ptr, w.ptr, b ? b.ptr : 0, y, n0, n1, s]);
  return y;
}

/** dx given dy [N, OC, OH, OW] and w; outShape is x's shape [N, C, H, W]. */
export function conv2dInputGradWasm(ctx: KernelContext, dy: WasmBuf, w: WasmBuf, attrs: Conv2dAttrs,
  outShape: readonly number[]): number {
  const g = conv2dGeometry(outShape, w.shape, dy.shape, attrs);
  const dx = allocBytes(ctx, g.n * g.c * g.h * g.w * 4);
  if (g.n === 0) return dx;
  runOverImages(ctx, g, 'conv2d_input_grad_f32', (geom, _i, n0, n1, s) => [geom, dy.ptr, w.ptr, dx, n0, n1, s]);
  return dx;
}

/** dw given x [N, C, H, W] and dy [N, OC, OH, OW]; outShape is w's shape [OC, C/groups, KH, KW]. */
export function conv2dWeightGradWasm(ctx: KernelContext, x: WasmBuf, dy: WasmBuf, attrs: Conv2dAttrs,
  outShape: readonly number[]): number {
  const g = conv2dGeometry(x.shape, outShape, dy.shape, attrs);
  const count = outShape.reduce((p, d) => p * d, 1);
  const dw = allocBytes(ctx, count * 4);
  if (g.n === 0 || count === 0) {
    new Float32Array(ctx.memory.buffer, dw, count).fill(0);
    return dw;
  }
  const ranges = imageRanges(ctx, g);
  const partials: number[] = [dw];
  try {
    for (let i = 1; i < ranges.length; i++) partials.push(allocBytes(ctx, count * 4));
    runOverImages(ctx, g, 'conv2d_weight_grad_f32', (geom, i, n0, n1, s) => [geom, x.ptr, dy.ptr, partials[i]!, n0, n1, s], ranges);
    if (partials.length > 1) {
      const buf = ctx.memory.buffer;
      const acc = new Float32Array(buf, dw, count);
      for (let i = 1; i < partials.length; i++) {
        const p = new Float32Array(buf, partials[i]!, count);
        for (let j = 0; j < count; j++) acc[j]! += p[j]!;
      }
    }
  } finally {
    for (let i = 1; i < partials.length; i++) ctx.free(partials[i]!);
  }
  return dw;
}
