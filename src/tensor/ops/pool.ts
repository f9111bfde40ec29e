import { formatShape, hasRank } from '../../engine/shape.js';
import type { Tensor } from '../tensor.js';
import type { AvgPool2dAttrs, Pool2dAttrs } from '../../engine/primitives.js';
import { dispatch } from '../dispatch.js';
import type { Pair } from './conv.js';
import { pair, windowOutputSize } from './conv.js';
import type { GradientRules } from '../autograd/node.js';

export interface MaxPool2dOptions {
  kernelSize: Pair;
  /** Defaults to kernelSize, as in PyTorch. */
  stride?: Pair | null;
  padding?: Pair;
  dilation?: Pair;
  ceilMode?: boolean;
  name?: string;
}

export interface AvgPool2dOptions {
  kernelSize: Pair;
  stride?: Pair | null;
  padding?: Pair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
  name?: string;
}

function poolShape(x: Tensor, op: string, k: [number, number], s: [number, number], p: [number, number], d: [number, number], ceilMode: boolean): number[] {
  if (!hasRank(x.shape, 4)) throw new Error(`${op}: expected input [N, C, H, W], got ${formatShape(x.shape)}`);
  for (const i of [0, 1] as const) {
    if (k[i] < 1 || s[i] < 1 || d[i] < 1) throw new Error(`${op}: kernel, stride and dilation must be positive, got ${k}, ${s}, ${d}`);
    if (p[i] > k[i] / 2) throw new Error(`${op}: padding ${p[i]} should be at most half the kernel size ${k[i]}`);
  }
  const [n, c, h, w] = x.shape;
  const oh = windowOutputSize(h, k[0], s[0], p[0], d[0], { layer: op, axis: 'height', allowFraction: true, ceilMode });
  const ow = windowOutputSize(w, k[1], s[1], p[1], d[1], { layer: op, axis: 'width', allowFraction: true, ceilMode });
  return [n, c, oh, ow];
}

/** Max over sliding windows (PyTorch F.max_pool2d). x [N, C, H, W] → [N, C, OH, OW]. */
export function maxPool2d(x: Tensor, opts: MaxPool2dOptions): Tensor {
  const op = opts.name ?? 'maxPool2d';
  const k = pair(opts.kernelSize, 'kernelSize', op);
  const s = pair(opts.stride ?? opts.kernelSize, 'stride', op);
  const p = pair(opts.padding ?? 0, 'padding', op);
  const d = pair(opts.dilation ?? 1, 'dilation', op);
  const attrs: Pool2dAttrs = { kernelSize: k, stride: s, padding: p, dilation: d };
  return dispatch('maxPool2d', [x], attrs, poolShape(x, op, k, s, p, d, opts.ceilMode ?? false));
}

/** Mean over sliding windows (PyTorch F.avg_pool2d). x [N, C, H, W] → [N, C, OH, OW]. */
export function avgPool2d(x: Tensor, opts: AvgPool2dOptions): Tensor {
  const op = opts.name ?? 'avgPool2d';
  const k = pair(opts.kernelSize, 'kernelSize', op);
  const s = pair(opts.stride ?? opts.kernelSize, 'stride', op);
  const p = pair(opts.padding ?? 0, 'padding', op);
  const attrs: AvgPool2dAttrs = {
    kernelSize: k, stride: s, padding: p, dilation: [1, 1],
    countIncludePad: opts.countIncludePad ?? true, divisorOverride: opts.divisorOverride ?? null,
  };
  return dispatch('avgPool2d', [x], attrs, poolShape(x, op, k, s, p, [1, 1], opts.ceilMode ?? false));
}

/** Gradient rules of pooling (maxPool2dGrad routes g to each window's first maximum and is not differentiated further). */
export const poolGradients: GradientRules<'maxPool2d' | 'avgPool2d' | 'avgPool2dGrad'> = {
  maxPool2d: ({ inputs: [x], attrs, g }) => [dispatch('maxPool2dGrad', [x, g], attrs, x.shape)],
  avgPool2d: ({ inputs: [x], attrs, g }) => [dispatch('avgPool2dGrad', [g], attrs, x.shape)],
  avgPool2dGrad: ({ inputs: [dy], attrs, g }) => [dispatch('avgPool2d', [g], attrs, dy.shape)],
};
