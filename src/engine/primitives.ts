import type { DType } from './dtype.js';

/** Attributes shared by conv2d and its two gradient primitives (PyTorch conventions, per axis [H, W]). */
export interface Conv2dAttrs {
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

/** Attributes shared by the pooling primitives; output size is computed by the op (incl. ceilMode). */
export interface Pool2dAttrs {
  kernelSize: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
}

export interface AvgPool2dAttrs extends Pool2dAttrs {
  countIncludePad: boolean;
  divisorOverride: number | null;
}

type None = Record<string, never>;

/** Attributes of `adamMoments` (PyTorch's Adam/AdamW moment updates; see `src/optim/adam.ts`). */
export interface AdamMomentsAttrs {
  beta1: number;
  beta2: number;
  /** L2 penalty added to the gradient first (Adam's `weightDecay`; 0 for AdamW, whose decay is in `adamStep`). */
  weightDecay: number;
  /** Ascend instead of descend (the gradient's sign is flipped). */
  maximize: boolean;
}

/** Attributes of `adamStep`. */
export interface AdamStepAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** The update count including this update (t in the bias corrections 1 − βᵗ); >= 1. */
  step: number;
  /** AdamW's decoupled weight decay: the parameter is first scaled by 1 − lr·decoupledWeightDecay (0 = none). */
  decoupledWeightDecay: number;
}

/**
 * Every primitive a backend implements, with its attributes. Inputs are listed in comments; outputs are
 * single tensors whose shape and dtype are computed by the op before dispatch.
 * Binary elementwise primitives broadcast (NumPy rules); reductions keep reduced axes as size 1.
 */
export interface PrimitiveAttrs {
  // unary, float32 → float32 (neg/abs/sign also int32)
  neg: None;
  exp: None;
  log: None;
  sqrt: None;
  abs: None;
  sign: None;
  tanh: None;
  sigmoid: None;
  relu: None;
  /** (x, g) → g where x > 0 else 0: relu's gradient in one kernel (float32, both of the output's shape). */
  reluGrad: None;
  /** (x) → x converted to `dtype` (float→int truncates toward zero). */
  cast: { dtype: DType };
  // binary with broadcasting: (a, b) → promoted dtype
  add: None;
  sub: None;
  mul: None;
  div: None;
  pow: None;
  maximum: None;
  minimum: None;
  // comparisons with broadcasting: (a, b) → bool
  eq: None;
  ne: None;
  lt: None;
  le: None;
  gt: None;
  ge: None;
  /** (cond: bool, a, b) → a where cond else b, broadcasting all three. */
  where: None;
  // reductions over `axes` (kept as size-1 axes in the output)
  sum: { axes: number[] };
  max: { axes: number[] };
  min: { axes: number[] };
  /** Index of the first maximum along `axis` (kept as size 1) → int32. */
  argmax: { axis: number };
  argmin: { axis: number };
  /** (a [..., M, K] or [..., K, M] if transA, b [..., K, N] or [..., N, K] if transB) → [..., M, N]; batch axes already equal. */
  matmul: { transA: boolean; transB: boolean };
  /** Output axis i is input axis perm[i]. */
  permute: { perm: number[] };
  /** Elements [begin[i], begin[i] + outShape[i]·step[i]) with positive steps. */
  slice: { begin: number[]; step: number[] };
  /** Constant padding; pads[i] = [before, after] for axis i. */
  pad: { pads: [number, number][]; value: number };
  /** (t0, t1, …) joined along `axis`. */
  concat: { axis: number };
  /** (x) repeated along size-1 (or missing leading) axes to the output shape. */
  broadcastTo: None;
  /** (x, index: int32) → out[…i…] = x[…index[…i…]…] along `axis` (torch.gather); index has the output's shape. */
  gather: { axis: number };
  /** (src, index: int32) → zeros(outShape) with src scatter-added at index along `axis` (torch.scatter_add). */
  scatterAdd: { axis: number };
  /** (x [N, C, H, W], w [OC, C/groups, KH, KW], b? [OC]) → [N, OC, OH, OW]. */
  conv2d: Conv2dAttrs;
  /** (dy [N, OC, OH, OW], w) → dx with the output shape [N, C, H, W]. */
  conv2dInputGrad: Conv2dAttrs;
  /** (x, dy) → dw with the output shape [OC, C/groups, KH, KW]. */
  conv2dWeightGrad: Conv2dAttrs;
  /** (x [N, C, H, W]) → [N, C, OH, OW]; padding is −∞. */
  maxPool2d: Pool2dAttrs;
  /** (x, dy) → dx [N, C, H, W]; the gradient goes to the first maximum of each window. */
  maxPool2dGrad: Pool2dAttrs;
  avgPool2d: AvgPool2dAttrs;
  /** (dy) → dx with the output shape [N, C, H, W]. */
  avgPool2dGrad: AvgPool2dAttrs;
  // optimiser math (float32, non-differentiable), so that optimisers never copy between JS and a backend
  /**
   * (grad [n], param [n], state [k, n]) → new state [k, n], k = 2 or 3: the rows are Adam's `expAvg`,
   * `expAvgSq` and (k = 3, AMSGrad) `maxExpAvgSq`, which becomes max(maxExpAvgSq, new expAvgSq).
   */
  adamMoments: AdamMomentsAttrs;
  /** (param [n], state [k, n] from adamMoments) → new param [n]; the last row is the second moment used. */
  adamStep: AdamStepAttrs;
}

export type Primitive = keyof PrimitiveAttrs;

export const PRIMITIVES: readonly Primitive[] = [
  'neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'tanh', 'sigmoid', 'relu', 'reluGrad', 'cast',
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'where',
  'sum', 'max', 'min', 'argmax', 'argmin',
  'matmul', 'permute', 'slice', 'pad', 'concat', 'broadcastTo', 'gather', 'scatterAdd',
  'conv2d', 'conv2dInputGrad', 'conv2dWeightGrad', 'maxPool2d', 'maxPool2dGrad', 'avgPool2d', 'avgPool2dGrad',
  'adamMoments', 'adamStep',
];
