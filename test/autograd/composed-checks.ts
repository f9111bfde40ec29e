/**
 * The gradcheck cases of gradcheck.test.ts: every op path that records a primitive (broadcasting,
 * negative axes, keepDims, 1-d matmul, padding 'same', split/stack, indexSelect) and composed functions
 * (softmax, logSoftmax, leakyRelu, linear, losses, adaptive pooling), each with the primitives it must
 * reach. Inputs are float64 and seeded per check.
 */
import { F, Generator, Tensor, fromTypedArray, tensor } from '../../src/index.js';
import type { DType, FloatDType } from '../../src/engine/dtype.js';
import type { GradcheckOptions } from '../../src/tensor/autograd/gradcheck.js';
import type { Conv2dAttrs, AvgPool2dAttrs, Primitive } from '../../src/engine/primitives.js';
import { dispatch } from '../../src/tensor/dispatch.js';
import { conv2dInputGrad, conv2dWeightGrad } from '../../src/tensor/ops/conv.js';
import * as ops from '../../src/tensor/ops/index.js';

/** A primitive, or the reshape view the tape also records. */
export type GradOp = Primitive | 'reshape';

/** The float64 tolerances of every check (see gradcheck.test.ts). */
export const FLOAT64: GradcheckOptions = { eps: 1e-6, atol: 1e-7, rtol: 1e-6 };

// ---------------------------------------------------------------------------------------------------------
// Random inputs (seeded per check, so every run sees the same shapes and values)
// ---------------------------------------------------------------------------------------------------------

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** A seeded generator that also says which float dtype the check's tensors are made in. */
export class Draw extends Generator {
  constructor(seed: number, readonly float: FloatDType) {
    super(seed);
  }
}

/** A tensor of the draw's float dtype (float32 values are the float64 draws rounded, as before float64 existed). */
function fill(g: Draw, shape: readonly number[], f: () => number): Tensor {
  const data = Float64Array.from({ length: size(shape) }, f);
  return fromTypedArray(g.float === 'float64' ? data : Float32Array.from(data), shape, g.float);
}
/** Uniform in [lo, hi). */
const uniform = (g: Draw, shape: readonly number[], lo = -1, hi = 1): Tensor => fill(g, shape, () => lo + (hi - lo) * g.uniform());
/** Normal, pushed at least `gap` away from 0 (keeps relu/abs/sign off their kink). */
const awayFromZero = (g: Draw, shape: readonly number[], gap = 0.1): Tensor =>
  fill(g, shape, () => {
    const v = g.normal();
    return v < 0 ? v - gap : v + gap;
  });
/** All-distinct values spaced 0.1 apart, shuffled: max/min and pooling never see ties within ±eps. */
function distinct(g: Draw, shape: readonly number[]): Tensor {
  const n = size(shape);
  const p = g.permutation(n);
  return fill(g, shape, (() => {
    let i = 0;
    return () => (p[i++]! - n / 2) * 0.1;
  })());
}
/** Values on an offset grid: k·0.2 + offset, so tensors built with offsets 0 and 0.1 never get within 0.1. */
const grid = (g: Draw, shape: readonly number[], offset: number): Tensor => fill(g, shape, () => g.int(-8, 8) * 0.2 + offset);

/** A random shape of `rank` axes with sizes in [lo, hi]. */
const randShape = (g: Draw, rank: number, lo = 1, hi = 4): number[] => Array.from({ length: rank }, () => g.int(lo, hi + 1));
/** A shape that broadcasts against `s`: some axes set to 1, maybe some leading axes dropped. */
function broadcastable(g: Draw, s: readonly number[]): number[] {
  const drop = g.int(0, s.length);
  return s.slice(drop).map((d) => (g.uniform() < 0.4 ? 1 : d));
}

// ---------------------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------------------

export interface Built {
  f: (...xs: Tensor[]) => Tensor;
  inputs: Tensor[];
  opts?: GradcheckOptions;
}
export interface Check {
  name: string;
  /** Gradient-table entries this check must reach (asserted by walking the recorded graph). */
  prims: GradOp[];
  build: (g: Draw) => Built;
  /** How many random draws (shapes/values) to check. */
  trials?: number;
  /**
   * Why this check runs in float32 (with gradcheck's float32 tolerances) instead of float64: its inputs
   * are rounded to float32 inside the function, which quantises finite differences in float64.
   */
  float32?: string;
  /** Dtypes the check makes inside its function (a backend that does not store one cannot run it). */
  needs?: readonly DType[];
}

const convOut = (n: number, k: number, s: number, p: number, d: number): number => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

function binaryBroadcast(prim: GradOp, op: (a: Tensor, b: Tensor) => Tensor, lo: [number, number], hi: [number, number]): Check {
  return {
    name: `${prim} with broadcasting`,
    prims: [prim],
    trials: 3,
    build: (g) => {
      const sa = randShape(g, g.int(1, 4));
      const sb = broadcastable(g, sa);
      // Alternate which side is the broadcast one.
      const [s0, s1] = g.uniform() < 0.5 ? [sa, sb] : [sb, sa];
      return { f: op, inputs: [uniform(g, s0, lo[0], lo[1]), uniform(g, s1, hi[0], hi[1])] };
    },
  };
}

function extremumBroadcast(prim: 'maximum' | 'minimum'): Check {
  return {
    name: `${prim} with broadcasting (no ties)`,
    prims: [prim],
    trials: 3,
    build: (g) => {
      const sa = randShape(g, g.int(1, 4));
      const sb = broadcastable(g, sa);
      const [s0, s1] = g.uniform() < 0.5 ? [sa, sb] : [sb, sa];
      return { f: (a, b) => (prim === 'maximum' ? a.maximum(b) : a.minimum(b)), inputs: [grid(g, s0, 0), grid(g, s1, 0.1)] };
    },
  };
}

export const CHECKS: Check[] = [
  // ---- unary ----
  { name: 'neg', prims: ['neg'], build: (g) => ({ f: (x) => x.neg(), inputs: [uniform(g, randShape(g, 2))] }) },
  { name: 'exp', prims: ['exp'], build: (g) => ({ f: (x) => x.exp(), inputs: [uniform(g, randShape(g, 3))] }) },
  { name: 'log (positive inputs)', prims: ['log'], build: (g) => ({ f: (x) => x.log(), inputs: [uniform(g, randShape(g, 2), 0.5, 2)] }) },
  { name: 'sqrt (positive inputs)', prims: ['sqrt'], build: (g) => ({ f: (x) => x.sqrt(), inputs: [uniform(g, randShape(g, 2), 0.5, 2)] }) },
  { name: 'abs (away from 0)', prims: ['abs'], build: (g) => ({ f: (x) => x.abs(), inputs: [awayFromZero(g, randShape(g, 3))] }) },
  { name: 'sign·x (sign has zero gradient)', prims: ['sign', 'mul'], build: (g) => ({ f: (x) => x.sign().mul(x), inputs: [awayFromZero(g, randShape(g, 2))] }) },
  { name: 'tanh', prims: ['tanh'], build: (g) => ({ f: (x) => x.tanh(), inputs: [uniform(g, randShape(g, 3), -2, 2)] }) },
  { name: 'sigmoid', prims: ['sigmoid'], build: (g) => ({ f: (x) => x.sigmoid(), inputs: [uniform(g, randShape(g, 3), -3, 3)] }) },
  { name: 'GELU = x·(1 + erf(x/√2))/2', prims: ['erf', 'mul', 'add'], build: (g) => ({ f: (x) => x.mul(x.div(Math.SQRT2).erf().add(1)).mul(0.5), inputs: [uniform(g, randShape(g, 3), -3, 3)] }) },
  { name: 'relu (away from 0)', prims: ['relu'], build: (g) => ({ f: (x) => x.relu(), inputs: [awayFromZero(g, randShape(g, 3))] }) },
  {
    // relu's gradient is linear in the upstream gradient (double backward of relu); x only selects.
    name: 'reluGrad (in its gradient input, x away from 0)',
    prims: ['reluGrad'],
    build: (g) => {
      const shape = randShape(g, 3);
      const x = awayFromZero(g, shape);
      return { f: (dy) => ops.reluGrad(x, dy).mul(dy), inputs: [uniform(g, shape)] };
    },
  },
  {
    // Every public path returns x itself for float→float, and a cast to an integer type is not recorded
    // (see the semantics tests), so the identity gradient is reached through the primitive directly.
    name: 'cast float→float of the same dtype (primitive)',
    prims: ['cast'],
    build: (g) => ({ f: (x) => dispatch('cast', [x], { dtype: x.dtype }, x.shape).mul(x), inputs: [uniform(g, randShape(g, 2))] }),
  },
  {
    // float32 → float64: the gradient comes back to the float32 input as float32.
    name: 'cast float32→float64 (the gradient returns in float32)',
    prims: ['cast'],
    float32: 'it casts a float32 input',
    needs: ['float64'],
    build: (g) => ({ f: (x) => x.cast('float64').mul(x), inputs: [uniform(g, randShape(g, 2))] }),
  },
  // ---- binary with broadcasting ----
  binaryBroadcast('add', (a, b) => a.add(b), [-1, 1], [-1, 1]),
  binaryBroadcast('sub', (a, b) => a.sub(b), [-1, 1], [-1, 1]),
  binaryBroadcast('mul', (a, b) => a.mul(b), [-1, 1], [-1, 1]),
  binaryBroadcast('div', (a, b) => a.div(b), [-1, 1], [0.5, 1.5]),
  binaryBroadcast('pow', (a, b) => a.pow(b), [0.5, 2], [-1.5, 2]),
  extremumBroadcast('maximum'),
  extremumBroadcast('minimum'),
  {
    name: 'clamp (maximum/minimum against scalars, away from the bounds)',
    prims: ['maximum', 'minimum'],
    build: (g) => ({ f: (x) => x.clamp(-0.45, 0.55), inputs: [grid(g, [3, 4], 0.1)] }),
  },
  {
    name: 'where with broadcasting',
    prims: ['where'],
    trials: 2,
    build: (g) => {
      const s = randShape(g, 3, 2, 4);
      const cond = tensor(Uint8Array.from({ length: size(s) }, () => (g.uniform() < 0.5 ? 1 : 0)), { shape: s, dtype: 'bool' });
      return { f: (a, b) => ops.where(cond, a, b), inputs: [uniform(g, broadcastable(g, s)), uniform(g, s)] };
    },
  },
  // ---- reductions ----
  {
    name: 'sum over all / single / multiple / negative axes, keepDims',
    prims: ['sum'],
    build: (g) => ({
      f: (x) => ops.stack([x.sum(), x.sum(1).sum(), x.sum([0, -1], true).sum(), x.sum(-2).mean()]),
      inputs: [uniform(g, randShape(g, 3, 2, 4))],
    }),
  },
  {
    name: 'mean (sum and div)',
    prims: ['sum', 'div'],
    build: (g) => ({ f: (x) => x.mean([0, 2], true), inputs: [uniform(g, randShape(g, 3, 2, 4))] }),
  },
  {
    name: 'max over axes (distinct values)',
    prims: ['max'],
    trials: 2,
    build: (g) => ({ f: (x) => ops.concat([x.max(1).reshape(-1), x.max([0, 2]).reshape(-1), x.max().reshape(-1)]), inputs: [distinct(g, randShape(g, 3, 2, 4))] }),
  },
  {
    name: 'min over axes (distinct values)',
    prims: ['min'],
    trials: 2,
    build: (g) => ({ f: (x) => ops.concat([x.min(-1, true).reshape(-1), x.min([1, 2]).reshape(-1)]), inputs: [distinct(g, randShape(g, 3, 2, 4))] }),
  },
  // ---- linear algebra ----
  {
    name: 'matmul: batched with broadcast batch axes',
    prims: ['matmul', 'broadcastTo'],
    build: (g) => {
      const [m, k, n] = randShape(g, 3, 1, 4);
      return { f: (a, b) => a.matmul(b), inputs: [uniform(g, [2, 1, m!, k!]), uniform(g, [3, k!, n!])] };
    },
  },
  {
    name: 'matmul: 1-d operands',
    prims: ['matmul', 'reshape'],
    build: (g) => {
      const [m, k] = randShape(g, 2, 2, 4);
      return { f: (a, v, w) => ops.stack([a.matmul(v).sum(), v.matmul(w), w.matmul(a.T).sum()]), inputs: [uniform(g, [m!, k!]), uniform(g, [k!]), uniform(g, [k!])] };
    },
  },
  {
    name: 'matmul: transA / transB',
    prims: ['matmul'],
    build: (g) => {
      const [m, k, n] = randShape(g, 3, 1, 4);
      return {
        f: (a, b) => ops.concat([
          ops.matmul(a, b, { transA: true }).reshape(-1),
          ops.matmul(b, a, { transA: true, transB: true }).reshape(-1),
          ops.matmul(a.T, b.T, { transB: true }).reshape(-1),
        ]),
        inputs: [uniform(g, [k!, m!]), uniform(g, [k!, n!])],
      };
    },
  },
  // ---- movement ----
  { name: 'reshape with -1', prims: ['reshape'], build: (g) => ({ f: (x) => x.reshape(-1, 2).mul(x.reshape(-1, 2)), inputs: [uniform(g, [3, 4])] }) },
  {
    name: 'permute / transpose',
    prims: ['permute'],
    build: (g) => {
      const x = uniform(g, randShape(g, 3, 2, 4));
      const scale = tensor(Array.from({ length: x.shape[1]! }, (_, i) => i + 1));
      return { f: (t) => t.permute(2, 0, 1).mul(scale).transpose(0, 1), inputs: [x] };
    },
  },
  {
    name: 'slice with steps and negative indices',
    prims: ['slice'],
    trials: 2,
    build: (g) => ({
      f: (x) => ops.concat([x.slice([1, -4], [null, null], [2, 3]).reshape(-1), x.slice([-2, 0], [-1, 3]).reshape(-1)]),
      inputs: [uniform(g, [g.int(4, 6), g.int(5, 8)])],
    }),
  },
  {
    name: 'pad (constant, non-zero value)',
    prims: ['pad'],
    build: (g) => {
      const scale = uniform(g, [2, 4, 5], 0.5, 2); // pads apply to the last two axes: [2, 3+1, 2+3]
      return { f: (x) => ops.pad(x, [[1, 0], [2, 1]], 0.5).mul(scale), inputs: [uniform(g, [2, 3, 2])] };
    },
  },
  {
    name: 'concat / stack / split',
    prims: ['concat', 'slice', 'reshape'],
    build: (g) => ({
      f: (a, b) => {
        const c = ops.concat([a, b, a], 1);
        const [p, q] = ops.split(c, [2, c.shape[1]! - 2], 1);
        return ops.stack([p!.sum(1), q!.mul(q!).sum(1)], -1);
      },
      inputs: [uniform(g, [2, 2]), uniform(g, [2, 3])],
    }),
  },
  {
    name: 'broadcastTo (expand)',
    prims: ['broadcastTo'],
    build: (g) => {
      const scale = uniform(g, [2, 3, 4]);
      return { f: (x) => x.expand(2, 3, 4).mul(scale), inputs: [uniform(g, [3, 1])] };
    },
  },
  {
    name: 'gather (repeated indices) and indexSelect',
    prims: ['gather'],
    build: (g) => {
      const idx = tensor(Int32Array.from([0, 2, 2, 1, 0, 0]), { shape: [3, 2] });
      const sel = tensor(Int32Array.from([3, 0, 3]));
      return { f: (x) => ops.concat([x.gather(1, idx).reshape(-1), ops.indexSelect(x, 1, sel).reshape(-1)]), inputs: [uniform(g, [3, 4])] };
    },
  },
  {
    name: 'topk values and maskedSelect (broadcast mask): through gather',
    prims: ['gather', 'broadcastTo'],
    build: (g) => {
      const mask = tensor([[true, false, true, true], [false, false, false, false], [true, true, false, true]]);
      return {
        f: (x, y) => ops.concat([ops.topk(x, 2, { axis: 1 }).values.reshape(-1), ops.topk(x, 3, { axis: 0, largest: false, sorted: false }).values.reshape(-1),
          ops.maskedSelect(y, mask)]),
        inputs: [uniform(g, [3, 4]), uniform(g, [3, 1])],
      };
    },
  },
  {
    name: 'scatterAdd (colliding indices)',
    prims: ['scatterAdd'],
    build: (g) => {
      const idx = tensor(Int32Array.from([0, 0, 3, 1, 1, 1]), { shape: [2, 3] });
      const scale = uniform(g, [2, 4]);
      return { f: (src) => ops.scatterAdd(src, 1, idx, [2, 4]).mul(scale), inputs: [uniform(g, [2, 3])] };
    },
  },
  // ---- convolution and pooling ----
  {
    name: 'conv2d: stride, padding, dilation, groups, bias',
    prims: ['conv2d'],
    trials: 2,
    build: (g) => {
      const groups = g.int(1, 3);
      const c = groups * g.int(1, 3);
      const oc = groups * g.int(1, 3);
      const k = [g.int(1, 4), g.int(1, 4)] as const;
      const stride = [g.int(1, 3), g.int(1, 3)] as [number, number];
      const padding = [g.int(0, 2), g.int(0, 2)] as [number, number];
      const dilation = [g.int(1, 3), g.int(1, 3)] as [number, number];
      const h = dilation[0] * (k[0] - 1) + 1 + g.int(0, 3);
      const w = dilation[1] * (k[1] - 1) + 1 + g.int(0, 3);
      return {
        f: (x, wt, b) => F.conv2d(x, wt, b, { stride, padding, dilation, groups }),
        inputs: [uniform(g, [2, c, h, w]), uniform(g, [oc, c / groups, k[0], k[1]]), uniform(g, [oc])],
      };
    },
  },
  {
    name: "conv2d: padding 'same' with an even kernel (asymmetric pad)",
    prims: ['conv2d', 'pad'],
    build: (g) => ({ f: (x, wt) => F.conv2d(x, wt, null, { padding: 'same' }), inputs: [uniform(g, [1, 2, 4, 4]), uniform(g, [2, 2, 2, 3])] }),
  },
  {
    name: 'conv2dInputGrad (second order: d/d dy and d/d w)',
    prims: ['conv2dInputGrad'],
    trials: 2,
    build: (g) => {
      const attrs: Conv2dAttrs = { stride: [g.int(1, 3), 2], padding: [1, g.int(0, 2)], dilation: [1, g.int(1, 3)], groups: 2 };
      const xShape = [2, 2, 5, 6];
      const wShape = [4, 1, 3, 2];
      const oh = convOut(5, 3, attrs.stride[0], attrs.padding[0], attrs.dilation[0]);
      const ow = convOut(6, 2, attrs.stride[1], attrs.padding[1], attrs.dilation[1]);
      return { f: (dy, w) => conv2dInputGrad(dy, w, xShape, attrs), inputs: [uniform(g, [2, 4, oh, ow]), uniform(g, wShape)] };
    },
  },
  {
    name: 'conv2dWeightGrad (second order: d/d x and d/d dy)',
    prims: ['conv2dWeightGrad'],
    trials: 2,
    build: (g) => {
      const attrs: Conv2dAttrs = { stride: [2, g.int(1, 3)], padding: [g.int(0, 2), 1], dilation: [g.int(1, 3), 1], groups: 1 };
      const wShape = [3, 2, 2, 3];
      const oh = convOut(5, 2, attrs.stride[0], attrs.padding[0], attrs.dilation[0]);
      const ow = convOut(5, 3, attrs.stride[1], attrs.padding[1], attrs.dilation[1]);
      return { f: (x, dy) => conv2dWeightGrad(x, dy, wShape, attrs), inputs: [uniform(g, [2, 2, 5, 5]), uniform(g, [2, 3, oh, ow])] };
    },
  },
  {
    name: 'maxPool2d: stride, padding, dilation, ceilMode (distinct values)',
    prims: ['maxPool2d'],
    trials: 2,
    build: (g) => ({
      f: (x) => ops.concat([
        F.maxPool2d(x, { kernelSize: 2 }).reshape(-1),
        F.maxPool2d(x, { kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], ceilMode: true }).reshape(-1),
        F.maxPool2d(x, { kernelSize: 2, dilation: 2, stride: 1 }).reshape(-1),
      ]),
      inputs: [distinct(g, [1, 2, g.int(4, 6), g.int(4, 6)])],
    }),
  },
  {
    name: 'avgPool2d: padding, ceilMode, countIncludePad, divisorOverride',
    prims: ['avgPool2d'],
    build: (g) => ({
      f: (x) => ops.concat([
        F.avgPool2d(x, { kernelSize: 2 }).reshape(-1),
        F.avgPool2d(x, { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }).reshape(-1),
        F.avgPool2d(x, { kernelSize: [2, 3], stride: [1, 2], padding: [1, 1], divisorOverride: 4 }).reshape(-1),
      ]),
      inputs: [uniform(g, [2, 1, 5, 5])],
    }),
  },
  {
    name: 'avgPool2dGrad (second order, primitive)',
    prims: ['avgPool2dGrad'],
    build: (g) => {
      const attrs: AvgPool2dAttrs = { kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], dilation: [1, 1], countIncludePad: false, divisorOverride: null };
      // Forward 5×4 input: OH = floor((5 + 2 − 3)/2) + 1 = 3, OW = floor((4 + 2 − 2)/1) + 1 = 5.
      return { f: (dy) => dispatch('avgPool2dGrad', [dy], attrs, [1, 2, 5, 4]), inputs: [uniform(g, [1, 2, 3, 5])] };
    },
  },
  {
    name: 'adaptiveAvgPool2d (non-divisible: matmul path)',
    prims: ['matmul'],
    build: (g) => ({ f: (x) => F.adaptiveAvgPool2d(x, [2, 3]), inputs: [uniform(g, [1, 2, 5, 4])] }),
  },
  // ---- composites ----
  { name: 'softmax', prims: ['exp', 'div', 'sum'], build: (g) => ({ f: (x) => F.softmax(x, 0), inputs: [uniform(g, [4, 3], -2, 2)] }) },
  { name: 'logSoftmax', prims: ['log', 'exp', 'sub'], build: (g) => ({ f: (x) => F.logSoftmax(x, -1), inputs: [uniform(g, [3, 5], -2, 2)] }) },
  { name: 'leakyRelu (away from 0)', prims: ['where'], build: (g) => ({ f: (x) => F.leakyRelu(x, 0.2), inputs: [awayFromZero(g, [3, 4])] }) },
  { name: 'linear', prims: ['matmul', 'add'], build: (g) => ({ f: (x, w, b) => F.linear(x, w, b), inputs: [uniform(g, [2, 3, 4]), uniform(g, [5, 4]), uniform(g, [5])] }) },
  {
    name: 'crossEntropy with weights and label smoothing',
    prims: ['gather', 'log', 'exp'],
    build: (g) => {
      const target = tensor(Int32Array.from([2, 0, 3]));
      const weight = tensor([0.5, 1, 2, 1.5]);
      return { f: (x) => F.crossEntropy(x, target, { weight, labelSmoothing: 0.1 }), inputs: [uniform(g, [3, 4], -2, 2)] };
    },
  },
  {
    name: 'binaryCrossEntropyWithLogits with posWeight',
    prims: ['abs', 'maximum'],
    float32: 'the loss casts its target to float32 (src/nn/losses.ts)',
    build: (g) => ({
      f: (x, y) => F.binaryCrossEntropyWithLogits(x, y, { posWeight: tensor([1, 2, 0.5]) }),
      inputs: [awayFromZero(g, [2, 3]), uniform(g, [2, 3], 0, 1)],
    }),
  },
  {
    name: 'binaryCrossEntropyWithLogits with posWeight (float64, d/d logits)',
    prims: ['abs', 'maximum'],
    build: (g) => {
      const y = uniform(g, [2, 3], 0, 1);
      return { f: (x) => F.binaryCrossEntropyWithLogits(x, y, { posWeight: tensor([1, 2, 0.5]) }), inputs: [awayFromZero(g, [2, 3])] };
    },
  },
  {
    name: 'mseLoss and l1Loss (away from ties)',
    prims: ['sub', 'mul', 'abs'],
    build: (g) => ({
      f: (x, y) => ops.stack([F.mseLoss(x, y), F.l1Loss(x, y)]),
      inputs: [grid(g, [3, 4], 0), grid(g, [3, 4], 0.1)],
    }),
  },
];
