import type { DType } from '../../engine/dtype.js';
import { isFloat, promoteTypes } from '../../engine/dtype.js';
import { broadcastShapes, formatShape, shapesEqual } from '../../engine/shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { asTensor, dispatch } from '../dispatch.js';
import type { GradientRules } from '../autograd/node.js';
import { sumTo } from './reduce.js';
import { zeros } from '../tensor.js';

type UnaryPrim = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sign' | 'tanh' | 'sigmoid' | 'relu' | 'erf';
type BinaryPrim = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
type ComparePrim = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** Float inputs keep their dtype; integer inputs of float-only functions (and bool, uint8) compute in float32. */
function unaryOp(prim: UnaryPrim, x: Tensor, floatOnly: boolean): Tensor {
  const dtype: DType = isFloat(x.dtype) ? x.dtype : floatOnly || x.dtype === 'bool' || x.dtype === 'uint8' ? 'float32' : x.dtype;
  const input = x.dtype === dtype ? x : cast(x, dtype);
  return dispatch(prim, [input], {}, x.shape);
}

function binaryOp(prim: BinaryPrim, a: TensorLike, b: TensorLike): Tensor {
  const ta = asTensor(a, typeof b === 'number' ? undefined : b);
  const tb = asTensor(b, ta);
  let dtype = promoteTypes(ta.dtype, tb.dtype);
  // div and pow are true (float) operations: integer operands give float32, float operands keep their type.
  if (prim === 'div' || prim === 'pow') dtype = isFloat(dtype) ? dtype : 'float32';
  else if (dtype === 'bool') dtype = 'int32';
  const shape = broadcastShapes(ta.shape, tb.shape, prim);
  return dispatch(prim, [ta.dtype === dtype ? ta : cast(ta, dtype), tb.dtype === dtype ? tb : cast(tb, dtype)], {}, shape);
}

function compareOp(prim: ComparePrim, a: TensorLike, b: TensorLike): Tensor {
  const ta = asTensor(a, typeof b === 'number' ? undefined : b);
  const tb = asTensor(b, ta);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  const shape = broadcastShapes(ta.shape, tb.shape, prim);
  return dispatch(prim, [ta.dtype === dtype ? ta : cast(ta, dtype), tb.dtype === dtype ? tb : cast(tb, dtype)], {}, shape);
}

/** Converts element type; float→int truncates toward zero. Differentiable float→float only (identity). */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return dispatch('cast', [x], { dtype }, x.shape);
}

export const neg = (x: Tensor): Tensor => unaryOp('neg', x, false);
export const exp = (x: Tensor): Tensor => unaryOp('exp', x, true);
export const log = (x: Tensor): Tensor => unaryOp('log', x, true);
export const sqrt = (x: Tensor): Tensor => unaryOp('sqrt', x, true);
export const abs = (x: Tensor): Tensor => unaryOp('abs', x, false);
export const sign = (x: Tensor): Tensor => unaryOp('sign', x, false);
export const tanhPrim = (x: Tensor): Tensor => unaryOp('tanh', x, true);
export const sigmoidPrim = (x: Tensor): Tensor => unaryOp('sigmoid', x, true);
export const reluPrim = (x: Tensor): Tensor => unaryOp('relu', x, false);
/** The error function 2/√π ∫₀ˣ e^(−t²) dt, elementwise (float). */
export const erf = (x: Tensor): Tensor => unaryOp('erf', x, true);

/** relu's gradient: g where x > 0 else 0, for float x and g of one shape and dtype (one kernel, no mask tensor). */
export function reluGrad(x: Tensor, g: Tensor): Tensor {
  if (!isFloat(x.dtype) || x.dtype !== g.dtype) throw new Error(`reluGrad: expected float32 (or float64) inputs of one dtype, got ${x.dtype} and ${g.dtype}`);
  if (!shapesEqual(x.shape, g.shape)) throw new Error(`reluGrad: shapes differ: ${formatShape(x.shape)} and ${formatShape(g.shape)}`);
  return dispatch('reluGrad', [x, g], {}, g.shape);
}

/** Elementwise a + b with broadcasting. */
export const add = (a: TensorLike, b: TensorLike): Tensor => binaryOp('add', a, b);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binaryOp('sub', a, b);
export const mul = (a: TensorLike, b: TensorLike): Tensor => binaryOp('mul', a, b);
/** True division (integer inputs give float32), like torch.div. */
export const div = (a: TensorLike, b: TensorLike): Tensor => binaryOp('div', a, b);
export const pow = (a: TensorLike, b: TensorLike): Tensor => binaryOp('pow', a, b);
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binaryOp('maximum', a, b);
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binaryOp('minimum', a, b);

export const eq = (a: TensorLike, b: TensorLike): Tensor => compareOp('eq', a, b);
export const ne = (a: TensorLike, b: TensorLike): Tensor => compareOp('ne', a, b);
export const lt = (a: TensorLike, b: TensorLike): Tensor => compareOp('lt', a, b);
export const le = (a: TensorLike, b: TensorLike): Tensor => compareOp('le', a, b);
export const gt = (a: TensorLike, b: TensorLike): Tensor => compareOp('gt', a, b);
export const ge = (a: TensorLike, b: TensorLike): Tensor => compareOp('ge', a, b);

/** cond ? a : b elementwise, broadcasting all three. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const c = cond.dtype === 'bool' ? cond : ne(cond, 0);
  const ta = asTensor(a, typeof b === 'number' ? undefined : b);
  const tb = asTensor(b, ta);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  const shape = broadcastShapes(broadcastShapes(c.shape, ta.shape, 'where'), tb.shape, 'where');
  return dispatch('where', [c, cast(ta, dtype), cast(tb, dtype)], {}, shape);
}

/** Limits values to [min, max]; either bound may be null. Gradient passes where the value was not clipped. */
export function clamp(x: Tensor, min: number | null, max: number | null = null): Tensor {
  let y = x;
  if (min !== null) y = maximum(y, min);
  if (max !== null) y = minimum(y, max);
  return y;
}

/** Both operands' share of g where maximum/minimum compare them: the winner takes it, a tie splits it. */
function tieSplit(a: Tensor, b: Tensor, g: Tensor, greater: boolean): (Tensor | null)[] {
  const win = cast(greater ? gt(a, b) : lt(a, b), g.dtype);
  const tie = mul(cast(eq(a, b), g.dtype), 0.5);
  const wa = add(win, tie);
  const wb = sub(1, wa);
  return [sumTo(mul(g, wa), a.shape), sumTo(mul(g, wb), b.shape)];
}

type ElementwiseGradOp = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sign' | 'tanh' | 'sigmoid' | 'relu' | 'erf' | 'reluGrad' | 'cast'
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'where';

/** Gradient rules of the elementwise primitives (broadcast inputs get g summed back to their shape). */
export const elementwiseGradients: GradientRules<ElementwiseGradOp> = {
  neg: ({ g }) => [neg(g)],
  exp: ({ out, g }) => [mul(g, out)],
  log: ({ inputs: [x], g }) => [div(g, x)],
  sqrt: ({ out, g }) => [div(g, mul(out, 2))],
  abs: ({ inputs: [x], g }) => [mul(g, sign(x))],
  sign: ({ inputs: [x] }) => [zeros(x.shape, { dtype: x.dtype })],
  tanh: ({ out, g }) => [mul(g, sub(1, mul(out, out)))],
  sigmoid: ({ out, g }) => [mul(g, mul(out, sub(1, out)))],
  relu: ({ inputs: [x], g }) => [reluGrad(x, g)],
  // d erf(x)/dx = 2/√π · e^(−x²)
  erf: ({ inputs: [x], g }) => [mul(g, mul(exp(neg(mul(x, x))), 2 / Math.sqrt(Math.PI)))],
  // Linear in g (the mask does not move under small changes of x away from 0).
  reluGrad: ({ inputs: [x], g }) => [null, reluGrad(x, g)],
  // The identity, with the gradient returned in the input's dtype (float32 ↔ float64), as PyTorch does.
  cast: ({ inputs: [x], g }) => [cast(g, x.dtype)],
  add: ({ inputs: [a, b], g }) => [sumTo(g, a.shape), sumTo(g, b.shape)],
  sub: ({ inputs: [a, b], g }) => [sumTo(g, a.shape), sumTo(neg(g), b.shape)],
  mul: ({ inputs: [a, b], g }) => [a.requiresGrad ? sumTo(mul(g, b), a.shape) : null, b.requiresGrad ? sumTo(mul(g, a), b.shape) : null],
  div: ({ inputs: [a, b], out, g }) => [
    a.requiresGrad ? sumTo(div(g, b), a.shape) : null,
    b.requiresGrad ? sumTo(neg(div(mul(g, out), b)), b.shape) : null,
  ],
  pow: ({ inputs: [a, b], out, g }) => [
    a.requiresGrad ? sumTo(mul(g, mul(b, pow(a, sub(b, 1)))), a.shape) : null,
    b.requiresGrad ? sumTo(mul(g, mul(out, log(a))), b.shape) : null,
  ],
  maximum: ({ inputs: [a, b], g }) => tieSplit(a, b, g, true),
  minimum: ({ inputs: [a, b], g }) => tieSplit(a, b, g, false),
  where: ({ inputs: [c, a, b], g }) => [null, sumTo(where(c, g, 0), a.shape), sumTo(where(c, 0, g), b.shape)],
};
