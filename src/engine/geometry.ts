/**
 * Shapes every backend and the ops agree on: convolution and pooling geometry, broadcasting strides and
 * the sliding-window output size. Backends read these; they never derive them a second way.
 */
import type { Shape } from './shape.js';
import { stridesOf } from './shape.js';
import type { Conv2dAttrs, Pool2dAttrs } from './primitives.js';

/** One 2-D convolution's sizes: input [N, C, H, W], weight [OC, C/groups, KH, KW], output [N, OC, OH, OW]. */
export interface Conv2dGeometry {
  n: number; c: number; h: number; w: number;
  oc: number; kh: number; kw: number;
  oh: number; ow: number;
  strideH: number; strideW: number; padH: number; padW: number;
  dilationH: number; dilationW: number; groups: number;
}

/** Geometry from the shapes of x [N, C, H, W], w [OC, C/groups, KH, KW] and y [N, OC, OH, OW]. */
export function conv2dGeometry(x: Shape, w: Shape, y: Shape, a: Conv2dAttrs): Conv2dGeometry {
  const [n, c, h, wd] = nchw(x, 'conv2d input');
  const [oc, , kh, kw] = nchw(w, 'conv2d weight');
  const [, , oh, ow] = nchw(y, 'conv2d output');
  return {
    n, c, h, w: wd, oc, kh, kw, oh, ow,
    strideH: a.stride[0], strideW: a.stride[1], padH: a.padding[0], padW: a.padding[1],
    dilationH: a.dilation[0], dilationW: a.dilation[1], groups: a.groups,
  };
}

/** One 2-D pooling's sizes: input [N, C, H, W], output [N, C, OH, OW], window KH × KW. */
export interface Pool2dGeometry {
  n: number; c: number; h: number; w: number; oh: number; ow: number;
  kh: number; kw: number; strideH: number; strideW: number; padH: number; padW: number;
  dilationH: number; dilationW: number;
}

/** Geometry from the shapes of x [N, C, H, W] and y [N, C, OH, OW]. */
export function pool2dGeometry(x: Shape, y: Shape, a: Pool2dAttrs): Pool2dGeometry {
  const [n, c, h, w] = nchw(x, 'pool2d input');
  const [, , oh, ow] = nchw(y, 'pool2d output');
  return {
    n, c, h, w, oh, ow, kh: a.kernelSize[0], kw: a.kernelSize[1],
    strideH: a.stride[0], strideW: a.stride[1], padH: a.padding[0], padW: a.padding[1],
    dilationH: a.dilation[0], dilationW: a.dilation[1],
  };
}

function nchw(s: Shape, what: string): [number, number, number, number] {
  const [a, b, c, d] = s;
  if (s.length !== 4 || a === undefined || b === undefined || c === undefined || d === undefined)
    throw new Error(`${what}: expected a 4-d shape [N, C, H, W], got [${s.join(', ')}]`);
  return [a, b, c, d];
}

/**
 * Strides (in elements) of a row-major tensor of shape `inShape` when read at the positions of the
 * broadcast output shape `outShape`: axes that are broadcast (size 1 or missing) get stride 0.
 */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const rank = outShape.length;
  const inStrides = stridesOf(inShape);
  const out = new Array<number>(rank).fill(0);
  for (let i = 0; i < rank; i++) {
    const j = inShape.length - rank + i;
    if (j >= 0 && inShape[j] !== 1) out[i] = inStrides[j] ?? 0;
  }
  return out;
}

/**
 * The lecture's output-size formula for a sliding window along one axis: (N − F + 2P)/S + 1, with F
 * dilated to D·(F − 1) + 1 when dilation D is not 1. Throws, naming the layer and the numbers, when the
 * window does not fit. With `allowFraction` (PyTorch's behaviour) the result is floored (or ceiled with
 * `ceilMode`).
 */
export function windowOutputSize(
  n: number, f: number, s: number, p: number, d: number,
  opts: { layer: string; axis: string; allowFraction: boolean; ceilMode?: boolean },
): number {
  const span = n + 2 * p - d * (f - 1) - 1;
  const exact = span / s + 1;
  const fEff = d * (f - 1) + 1;
  // PyTorch: ceil(span/S) + 1 (ceil mode) or floor(span/S) + 1, and in ceil mode the last window must start
  // inside the input or the left padding. Only an output length below 1 means the window does not fit: in
  // ceil mode a window larger than the padded input still gives one (partial) window, as in PyTorch.
  let out = opts.ceilMode ? Math.ceil(span / s) + 1 : Math.floor(span / s) + 1;
  if (opts.ceilMode && (out - 1) * s >= n + p) out--;
  if (out < 1)
    throw new Error(
      `${opts.layer}: the window (${fEff === f ? `size ${f}` : `size ${f} dilated to ${fEff}`}) does not fit the ${opts.axis} of ${n} (padding ${p}): (N − F + 2P)/S + 1 = (${n} − ${fEff} + ${2 * p})/${s} + 1 = ${round(exact)}`,
    );
  if (!opts.allowFraction && !Number.isInteger(exact))
    throw new Error(
      `${opts.layer}: output ${opts.axis} is not a whole number: (N − F + 2P)/S + 1 = (${n} − ${fEff} + ${2 * p})/${s} + 1 = ${round(exact)}; change the stride or padding`,
    );
  return out;
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
