import { isFloat } from '../../engine/dtype.js';
import type { Shape } from '../../engine/shape.js';
import { normalizeAxes, normalizeAxis } from '../../engine/shape.js';
import type { Tensor } from '../tensor.js';
import { dispatch, reshapeView } from '../dispatch.js';
import { cast, div, eq, mul } from './elementwise.js';
import type { GradientRules, VjpContext } from '../autograd/node.js';
import { broadcastTo, reshape } from './movement.js';

type ReducePrim = 'sum' | 'max' | 'min';

function reduceOp(prim: ReducePrim, x: Tensor, axes: number | readonly number[] | undefined, keepDims: boolean): Tensor {
  const ax = normalizeAxes(axes, x.rank, prim);
  if (prim !== 'sum') for (const a of ax) if (x.shape[a] === 0) throw new Error(`${prim}: cannot reduce over axis ${a} of size 0`);
  const input = prim === 'sum' && (x.dtype === 'bool' || x.dtype === 'uint8') ? cast(x, 'int32') : x;
  const kept = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const y = dispatch(prim, [input], { axes: ax }, kept);
  return keepDims ? y : reshapeView(y, x.shape.filter((_, i) => !ax.includes(i)));
}

/** Sum over `axes` (all if omitted). */
export const sum = (x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor => reduceOp('sum', x, axes, keepDims);
/** Maximum over `axes` (values only; see argmax for indices). Gradient goes to every maximal element equally. */
export const max = (x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor => reduceOp('max', x, axes, keepDims);
export const min = (x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor => reduceOp('min', x, axes, keepDims);

/** Elements reduced over normalised `axes`; a scalar's axis 0 (allowed, as in PyTorch) holds its one element. */
function countOver(shape: Shape, axes: readonly number[]): number {
  return axes.reduce((n, a) => n * (shape[a] ?? 1), 1);
}

export function mean(x: Tensor, axes?: number | readonly number[], keepDims = false): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'mean');
  const count = countOver(x.shape, ax);
  return div(sum(isFloat(x.dtype) ? x : cast(x, 'float32'), ax, keepDims), count);
}

/** Biased (unbiased=false) or unbiased variance over axes. */
export function variance(x: Tensor, axes?: number | readonly number[], keepDims = false, unbiased = true): Tensor {
  const ax = normalizeAxes(axes, x.rank, 'variance');
  const count = countOver(x.shape, ax);
  const mu = mean(x, ax, true);
  const d = x.sub(mu);
  return div(sum(d.mul(d), ax, keepDims), unbiased ? count - 1 : count);
}

function argOp(prim: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  if (axis === undefined) return argOp(prim, reshapeView(x, [x.size]), 0, false);
  const a = normalizeAxis(axis, x.rank, prim);
  if (x.shape[a] === 0) throw new Error(`${prim}: axis ${a} has size 0`);
  const kept = x.shape.map((d, i) => (i === a ? 1 : d));
  const y = dispatch(prim, [x], { axis: a }, kept);
  return keepDims ? y : reshapeView(y, x.shape.filter((_, i) => i !== a));
}

/** Index of the first maximum along `axis` (over the flattened tensor when omitted), int32. */
export const argmax = (x: Tensor, axis?: number, keepDims = false): Tensor => argOp('argmax', x, axis, keepDims);
export const argmin = (x: Tensor, axis?: number, keepDims = false): Tensor => argOp('argmin', x, axis, keepDims);

/** log(sum(exp(x))) over `axes`, computed stably by subtracting the maximum first. */
export function logSumExp(x: Tensor, axes: number | readonly number[], keepDims = false): Tensor {
  const m = max(x, axes, true).detach();
  const y = x.sub(m).exp().sum(axes, true).log().add(m);
  return keepDims ? y : reshapeView(y, x.shape.filter((_, i) => !normalizeAxes(axes, x.rank, 'logSumExp').includes(i)));
}

/** Sums g over the axes that broadcasting expanded, so it has `shape` again (the gradient of a broadcast). */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  return reshape(axes.length ? sum(g, axes, true) : g, [...shape]);
}

/** max/min: g goes to every extremal element of a window, split equally among ties. */
function extremumGrad<P extends 'max' | 'min'>({ inputs: [x], out, attrs, g }: VjpContext<P>): (Tensor | null)[] {
  const mask = cast(eq(x, out), x.dtype);
  const count = sum(mask, attrs.axes, true);
  return [mul(mask, div(g, count))];
}

/** Gradient rules of the reductions (argmax/argmin are not differentiable). */
export const reduceGradients: GradientRules<'sum' | 'max' | 'min'> = {
  sum: ({ inputs: [x], g }) => [broadcastTo(g, [...x.shape])],
  max: extremumGrad,
  min: extremumGrad,
};
