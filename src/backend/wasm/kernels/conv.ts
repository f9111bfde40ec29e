/**
 * The conv family's kernels (assembly/conv.ts): conv2d, conv2dInputGrad, conv2dWeightGrad (float32).
 *
 * Geometry block (16 i32, allocated per call because worker parts read it):
 *   [n, c, h, w, oc, kh, kw, oh, ow, strideH, strideW, padH, padW, dilationH, dilationW, groups]
 *
 * Work range: images of the batch, split into `ctx.threads` parts. Each part gets private scratch of
 * conv2d_f32_scratch_bytes(geom) bytes. conv2d / conv2dInputGrad: each part writes its own images of
 * the output. conv2dWeightGrad: part 0 writes the output buffer, part i > 0 a private partial buffer,
 * and the partials are added into the output on this thread in part order (deterministic for a thread
 * count).
 */
import { conv2dGeometry, type Conv2dGeometry } from '../../../engine/geometry.js';
import type { WasmContext } from '../context.js';
import type { KernelCall } from '../exports.js';
import { kernelCall } from '../exports.js';
import type { WasmKernel } from '../kernel.js';
import { f32Ptr } from './lib/inputs.js';
import { partsFor, splitRange } from './lib/split.js';

/** The 16-i32 geometry block of the ABI. */
function geometryWords(g: Conv2dGeometry): number[] {
  return [g.n, g.c, g.h, g.w, g.oc, g.kh, g.kw, g.oh, g.ow, g.strideH, g.strideW, g.padH, g.padW,
    g.dilationH, g.dilationW, g.groups];
}

/** Image ranges: one part per thread when each gets ctx.minWorkPerPart multiply-adds. */
function imageRanges(ctx: WasmContext, g: Conv2dGeometry): [number, number][] {
  const perImage = Math.max(1, (g.oc * (g.c / g.groups) * g.kh * g.kw) * g.oh * g.ow);
  return splitRange(g.n, partsFor(ctx, g.n * perImage));
}

/** Runs one conv export over image ranges with per-part scratch; `callFor` builds a part's call. */
function runOverImages(ctx: WasmContext, g: Conv2dGeometry, ranges: readonly [number, number][],
  callFor: (geom: number, part: number, n0: number, n1: number, scratch: number) => KernelCall): void {
  const geom = ctx.allocI32(geometryWords(g));
  const parts: { n0: number; n1: number; scratch: number }[] = [];
  try {
    const bytes = ctx.exports.conv2d_f32_scratch_bytes(geom);
    for (const [n0, n1] of ranges) parts.push({ n0, n1, scratch: ctx.alloc(bytes) });
    ctx.runCalls(parts.map(({ n0, n1, scratch }, i) => callFor(geom, i, n0, n1, scratch)));
  } finally {
    for (const p of parts) ctx.free(p.scratch);
    ctx.free(geom);
  }
}

/** y = conv2d(x, w) + b; x [N, C, H, W], w [OC, C/groups, KH, KW], b [OC] or absent → y [N, OC, OH, OW]. */
export const conv2d: WasmKernel<'conv2d'> = (ctx, [x, w, b], attrs, out) => {
  const xp = f32Ptr('conv2d', x);
  const wp = f32Ptr('conv2d', w);
  const bp = b ? f32Ptr('conv2d', b) : 0;
  const y = ctx.output(out);
  const g = conv2dGeometry(x.shape, w.shape, out.shape, attrs);
  if (g.n === 0) return y;
  runOverImages(ctx, g, imageRanges(ctx, g), (geom, _i, n0, n1, s) => kernelCall('conv2d_f32', geom, xp, wp, bp, y.ptr, n0, n1, s));
  return y;
};

/** dx given dy [N, OC, OH, OW] and w; the output is x's shape [N, C, H, W]. */
export const conv2dInputGrad: WasmKernel<'conv2dInputGrad'> = (ctx, [dy, w], attrs, out) => {
  const dyp = f32Ptr('conv2dInputGrad', dy);
  const wp = f32Ptr('conv2dInputGrad', w);
  const dx = ctx.output(out);
  const g = conv2dGeometry(out.shape, w.shape, dy.shape, attrs);
  if (g.n === 0) return dx;
  runOverImages(ctx, g, imageRanges(ctx, g), (geom, _i, n0, n1, s) => kernelCall('conv2dInputGrad_f32', geom, dyp, wp, dx.ptr, n0, n1, s));
  return dx;
};

/** dw given x [N, C, H, W] and dy [N, OC, OH, OW]; the output is w's shape [OC, C/groups, KH, KW]. */
export const conv2dWeightGrad: WasmKernel<'conv2dWeightGrad'> = (ctx, [x, dy], attrs, out) => {
  const xp = f32Ptr('conv2dWeightGrad', x);
  const dyp = f32Ptr('conv2dWeightGrad', dy);
  const dw = ctx.output(out);
  const g = conv2dGeometry(x.shape, out.shape, dy.shape, attrs);
  const count = out.shape.reduce((p, d) => p * d, 1);
  if (g.n === 0 || count === 0) {
    ctx.f32(dw.ptr, count).fill(0);
    return dw;
  }
  const ranges = imageRanges(ctx, g);
  const partials: number[] = [dw.ptr];
  try {
    for (let i = 1; i < ranges.length; i++) partials.push(ctx.alloc(count * 4));
    // One partial sum per image range: partials[i] for range i (dw itself for the first).
    runOverImages(ctx, g, ranges, (geom, i, n0, n1, s) => kernelCall('conv2dWeightGrad_f32', geom, xp, dyp, partials[i]!, n0, n1, s));
    if (partials.length > 1) {
      const acc = ctx.f32(dw.ptr, count);
      for (const partial of partials.slice(1)) {
        const p = ctx.f32(partial, count);
        for (let j = 0; j < count; j++) acc[j]! += p[j]!; // both views hold count floats
      }
    }
  } finally {
    for (const partial of partials.slice(1)) ctx.free(partial);
  }
  return dw;
};
