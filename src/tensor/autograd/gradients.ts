import type { Tensor } from '../tensor.js';
import { zeros } from '../tensor.js';
import type { Shape } from '../../engine/shape.js';
import type { Primitive } from '../../engine/primitives.js';
import type { GradAttrs, GradNode, GradOp } from './node.js';
import * as ew from '../ops/elementwise.js';
import * as sh from '../ops/shape.js';
import { matmul } from '../ops/linalg.js';
import { sum } from '../ops/reduce.js';
import { dispatch } from '../dispatch.js';
import { reluGrad } from '../ops/activation.js';

/** What a vector-Jacobian product sees: the node's inputs, its output and the upstream gradient g. */
export interface VjpContext<P extends GradOp> {
  inputs: Tensor[];
  out: Tensor;
  attrs: GradAttrs[P];
  g: Tensor;
}
/** Returns one gradient per input (null where the input gets none). */
type Vjp<P extends GradOp> = (ctx: VjpContext<P>) => (Tensor | null)[];

/** Sums g over the axes that broadcasting expanded, so it has `shape` again. */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  return sh.reshape(axes.length ? sum(g, axes, true) : g, [...shape]);
}

function sliceGrad(g: Tensor, x: Tensor, begin: readonly number[], step: readonly number[]): Tensor {
  let y = g;
  for (let i = 0; i < x.rank; i++) {
    const s = step[i]!;
    const len = y.shape[i]!;
    if (s > 1 && len > 0) {
      // Spread the len values to positions 0, s, 2s, … by padding a new axis and merging it.
      const pads = Array.from({ length: y.rank + 1 }, (_, j): [number, number] => (j === i + 1 ? [0, s - 1] : [0, 0]));
      const padded = sh.pad(sh.unsqueeze(y, i + 1), pads);
      const merged = sh.reshape(padded, [...y.shape.slice(0, i), len * s, ...y.shape.slice(i + 1)]);
      const keep = Math.min(len * s, x.shape[i]! - begin[i]!);
      y = sh.slice(merged, merged.shape.map(() => 0), merged.shape.map((d, j) => (j === i ? keep : d)));
    }
  }
  return sh.pad(y, x.shape.map((d, i) => [begin[i]!, d - begin[i]! - y.shape[i]!] as [number, number]));
}

function matmulGrads({ inputs: [a, b], attrs: { transA, transB }, g }: VjpContext<'matmul'>): (Tensor | null)[] {
  const mm = (p: Tensor, q: Tensor, tA: boolean, tB: boolean): Tensor => matmul(p, q, { transA: tA, transB: tB });
  // C = op(A) op(B); d op(A) = g op(B)ᵀ, d op(B) = op(A)ᵀ g; stored gradients are transposed back.
  const da = a!.requiresGrad ? (transA ? mm(b!, g, transB, true) : mm(g, b!, false, !transB)) : null;
  const db = b!.requiresGrad ? (transB ? mm(g, a!, true, transA) : mm(a!, g, !transA, false)) : null;
  return [da, db];
}

function extremumGrad<P extends 'max' | 'min'>({ inputs: [x], out, attrs, g }: VjpContext<P>): (Tensor | null)[] {
  const mask = ew.cast(ew.eq(x!, out), 'float32');
  const count = sum(mask, attrs.axes, true);
  return [ew.mul(mask, ew.div(g, count))];
}

function tieSplit(a: Tensor, b: Tensor, g: Tensor, greater: boolean): (Tensor | null)[] {
  const win = ew.cast(greater ? ew.gt(a, b) : ew.lt(a, b), 'float32');
  const tie = ew.mul(ew.cast(ew.eq(a, b), 'float32'), 0.5);
  const wa = ew.add(win, tie);
  const wb = ew.sub(1, wa);
  return [sumTo(ew.mul(g, wa), a.shape), sumTo(ew.mul(g, wb), b.shape)];
}

const nonDiff = null;

/** The gradient table: one entry per recorded op, written with ops so it works on every backend. */
const vjps: { [P in GradOp]: Vjp<P> | null } = {
  neg: ({ g }) => [ew.neg(g)],
  exp: ({ out, g }) => [ew.mul(g, out)],
  log: ({ inputs: [x], g }) => [ew.div(g, x!)],
  sqrt: ({ out, g }) => [ew.div(g, ew.mul(out, 2))],
  abs: ({ inputs: [x], g }) => [ew.mul(g, ew.sign(x!))],
  sign: ({ inputs: [x] }) => [zeros(x!.shape)],
  tanh: ({ out, g }) => [ew.mul(g, ew.sub(1, ew.mul(out, out)))],
  sigmoid: ({ out, g }) => [ew.mul(g, ew.mul(out, ew.sub(1, out)))],
  relu: ({ inputs: [x], g }) => [reluGrad(x!, g)],
  // Linear in g (the mask does not move under small changes of x away from 0).
  reluGrad: ({ inputs: [x], g }) => [null, reluGrad(x!, g)],
  cast: ({ g }) => [g],
  add: ({ inputs: [a, b], g }) => [sumTo(g, a!.shape), sumTo(g, b!.shape)],
  sub: ({ inputs: [a, b], g }) => [sumTo(g, a!.shape), sumTo(ew.neg(g), b!.shape)],
  mul: ({ inputs: [a, b], g }) => [a!.requiresGrad ? sumTo(ew.mul(g, b!), a!.shape) : null, b!.requiresGrad ? sumTo(ew.mul(g, a!), b!.shape) : null],
  div: ({ inputs: [a, b], out, g }) => [
    a!.requiresGrad ? sumTo(ew.div(g, b!), a!.shape) : null,
    b!.requiresGrad ? sumTo(ew.neg(ew.div(ew.mul(g, out), b!)), b!.shape) : null,
  ],
  pow: ({ inputs: [a, b], out, g }) => [
    a!.requiresGrad ? sumTo(ew.mul(g, ew.mul(b!, ew.pow(a!, ew.sub(b!, 1)))), a!.shape) : null,
    b!.requiresGrad ? sumTo(ew.mul(g, ew.mul(out, ew.log(a!))), b!.shape) : null,
  ],
  maximum: ({ inputs: [a, b], g }) => tieSplit(a!, b!, g, true),
  minimum: ({ inputs: [a, b], g }) => tieSplit(a!, b!, g, false),
  eq: nonDiff,
  ne: nonDiff,
  lt: nonDiff,
  le: nonDiff,
  gt: nonDiff,
  ge: nonDiff,
  where: ({ inputs: [c, a, b], g }) => [null, sumTo(ew.where(c!, g, 0), a!.shape), sumTo(ew.where(c!, 0, g), b!.shape)],
  sum: ({ inputs: [x], g }) => [sh.broadcastTo(g, [...x!.shape])],
  max: extremumGrad,
  min: extremumGrad,
  argmax: nonDiff,
  argmin: nonDiff,
  matmul: matmulGrads,
  permute: ({ attrs: { perm }, g }) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [sh.permute(g, inv)];
  },
  slice: ({ inputs: [x], attrs, g }) => [sliceGrad(g, x!, attrs.begin, attrs.step)],
  pad: ({ inputs: [x], attrs, g }) => [sh.slice(g, attrs.pads.map((p) => p[0]), attrs.pads.map((p, i) => p[0] + x!.shape[i]!))],
  concat: ({ inputs, attrs: { axis }, g }) => sh.split(g, inputs.map((t) => t.shape[axis]!), axis),
  broadcastTo: ({ inputs: [x], g }) => [sumTo(g, x!.shape)],
  gather: ({ inputs: [x, idx], attrs: { axis }, g }) => [sh.scatterAdd(g, axis, idx!, x!.shape), null],
  scatterAdd: ({ inputs: [, idx], attrs: { axis }, g }) => [sh.gather(g, axis, idx!), null],
  conv2d: ({ inputs: [x, w, b], attrs, g }) => [
    x!.requiresGrad ? dispatch('conv2dInputGrad', [g, w!], attrs, x!.shape) : null,
    w!.requiresGrad ? dispatch('conv2dWeightGrad', [x!, g], attrs, w!.shape) : null,
    b ? sum(g, [0, 2, 3]) : null,
  ],
  conv2dInputGrad: ({ inputs: [dy, w], attrs, g }) => [
    dispatch('conv2d', [g, w!], attrs, dy!.shape),
    dispatch('conv2dWeightGrad', [g, dy!], attrs, w!.shape),
  ],
  conv2dWeightGrad: ({ inputs: [x, dy], attrs, g }) => [
    dispatch('conv2dInputGrad', [dy!, g], attrs, x!.shape),
    dispatch('conv2d', [x!, g], attrs, dy!.shape),
  ],
  maxPool2d: ({ inputs: [x], attrs, g }) => [dispatch('maxPool2dGrad', [x!, g], attrs, x!.shape)],
  maxPool2dGrad: nonDiff,
  avgPool2d: ({ inputs: [x], attrs, g }) => [dispatch('avgPool2dGrad', [g], attrs, x!.shape)],
  avgPool2dGrad: ({ inputs: [dy], attrs, g }) => [dispatch('avgPool2d', [g], attrs, dy!.shape)],
  adamMoments: nonDiff,
  adamStep: nonDiff,
  reshape: ({ attrs: { from }, g }) => [sh.reshape(g, [...from])],
};

export function isDifferentiable(prim: Primitive): boolean {
  return vjps[prim] !== null;
}

/** Gradients of a recorded node's inputs, given its output and the upstream gradient. */
export function runVjp<P extends GradOp>(node: GradNode<P>, out: Tensor, g: Tensor): (Tensor | null)[] {
  const f: Vjp<P> | null = vjps[node.op];
  if (!f) throw new Error(`autograd: '${node.op}' is not differentiable`);
  return f({ inputs: node.inputs, out, attrs: node.attrs, g });
}
