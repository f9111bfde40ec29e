/**
 * Reference kernels of the elementwise primitives: unary math, relu and its gradient, cast, broadcasting
 * arithmetic and comparisons, where. Arithmetic is computed in float64 and stored in the output dtype
 * (so a float32 result is the float64 result rounded once, and a float64 result is the float64 result).
 */
import type { FloatArray, TypedArray, DType } from '../../../engine/dtype.js';
import { allocArray, allocFloat } from '../../../engine/dtype.js';
import type { Shape } from '../../../engine/shape.js';
import { sizeOf, shapesEqual } from '../../../engine/shape.js';
import { broadcastStrides } from '../../../engine/geometry.js';
import { forEachRow } from '../lib/strided.js';
import type { RefKernel } from '../handle.js';
import { data, floatDTypeOf, floats } from '../handle.js';

type UnaryFn = (x: number) => number;
type BinaryFn = (a: number, b: number) => number;

/**
 * erf(x) in float64 to about 1e-15: the Maclaurin series below |x| = 2.5 (at most ~60 terms, no harmful
 * cancellation there), and 1 − erfc(x) from erfc's continued fraction above (converges in < 80 steps).
 */
function erfOf(x: number): number {
  if (x !== x) return x;
  const a = Math.abs(x);
  if (a < 2.5) {
    // erf(x) = 2/√π · Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const next = sum + term / (2 * n + 1);
      if (next === sum) break;
      sum = next;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (a > 6) return Math.sign(x); // erfc(6) < 3e-17
  // erfc(a) = e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + …))))), evaluated bottom-up.
  let f = a;
  for (let k = 80; k >= 1; k--) f = a + k / 2 / f;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

const unaryFns = {
  neg: (x: number) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x),
  tanh: Math.tanh,
  sigmoid: (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  relu: (x: number) => (x > 0 ? x : x !== x ? x : 0),
  erf: erfOf,
} satisfies Record<string, UnaryFn>;

const binaryFns = {
  add: (a: number, b: number) => a + b,
  sub: (a: number, b: number) => a - b,
  mul: (a: number, b: number) => a * b,
  div: (a: number, b: number) => a / b,
  pow: Math.pow,
  maximum: (a: number, b: number) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a: number, b: number) => (a !== a || b !== b ? NaN : a < b ? a : b),
  eq: (a: number, b: number) => (a === b ? 1 : 0),
  ne: (a: number, b: number) => (a !== b ? 1 : 0),
  lt: (a: number, b: number) => (a < b ? 1 : 0),
  le: (a: number, b: number) => (a <= b ? 1 : 0),
  gt: (a: number, b: number) => (a > b ? 1 : 0),
  ge: (a: number, b: number) => (a >= b ? 1 : 0),
} satisfies Record<string, BinaryFn>;

function unary(x: TypedArray, dtype: DType, f: UnaryFn): TypedArray {
  const out = allocArray(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  return out;
}

/** Integer division truncates toward zero like C; everything else is computed in float64 and stored. */
function binary(a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, dtype: DType, f: BinaryFn): TypedArray {
  const out = allocArray(dtype, sizeOf(outShape));
  if (shapesEqual(aShape, bShape)) {
    for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, b[i]!);
    return out;
  }
  // A size-1 operand leaves the other's row-major order unchanged.
  if (b.length === 1) {
    const bv = b[0]!;
    for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, bv);
    return out;
  }
  if (a.length === 1) {
    const av = a[0]!;
    for (let i = 0; i < out.length; i++) out[i] = f(av, b[i]!);
    return out;
  }
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const rank = outShape.length;
  const inner = rank === 0 ? 1 : outShape[rank - 1]!;
  const ia = rank === 0 ? 0 : sa[rank - 1]!;
  const ib = rank === 0 ? 0 : sb[rank - 1]!;
  forEachRow(outShape, [sa, sb], (o, [oa, ob]) => {
    let pa = oa!;
    let pb = ob!;
    for (let j = 0; j < inner; j++) {
      out[o + j] = f(a[pa]!, b[pb]!);
      pa += ia;
      pb += ib;
    }
  });
  return out;
}

function whereArrays(
  c: TypedArray, cShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, dtype: DType,
): TypedArray {
  const out = allocArray(dtype, sizeOf(outShape));
  const sc = broadcastStrides(cShape, outShape);
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const rank = outShape.length;
  const inner = rank === 0 ? 1 : outShape[rank - 1]!;
  const ic = rank === 0 ? 0 : sc[rank - 1]!;
  const ia = rank === 0 ? 0 : sa[rank - 1]!;
  const ib = rank === 0 ? 0 : sb[rank - 1]!;
  forEachRow(outShape, [sc, sa, sb], (o, [oc, oa, ob]) => {
    let pc = oc!;
    let pa = oa!;
    let pb = ob!;
    for (let j = 0; j < inner; j++) {
      out[o + j] = c[pc] ? a[pa]! : b[pb]!;
      pc += ic;
      pa += ia;
      pb += ib;
    }
  });
  return out;
}

function castArrays(x: TypedArray, to: DType): TypedArray {
  const out = allocArray(to, x.length);
  if (to === 'bool') for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
  else if (to === 'float32' || to === 'float64') out.set(x);
  else for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!);
  return out;
}

/** relu's gradient: g where x > 0 else 0 (same lengths; `out` of g's float dtype). */
function reluGradArrays(x: FloatArray, g: FloatArray, out: FloatArray): FloatArray {
  for (let i = 0; i < g.length; i++) out[i] = x[i]! > 0 ? g[i]! : 0;
  return out;
}

type UnaryPrim = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sign' | 'tanh' | 'sigmoid' | 'relu' | 'erf';
type BinaryPrim = keyof typeof binaryFns;

const un = <P extends UnaryPrim>(f: UnaryFn): RefKernel<P> => ([x], _attrs, out) => unary(data(x), out.dtype, f);
const bin = <P extends BinaryPrim>(f: BinaryFn): RefKernel<P> => ([a, b], _attrs, out) =>
  binary(data(a), a.shape, data(b), b.shape, out.shape, out.dtype, f);

export const neg = un<'neg'>(unaryFns.neg);
export const exp = un<'exp'>(unaryFns.exp);
export const log = un<'log'>(unaryFns.log);
export const sqrt = un<'sqrt'>(unaryFns.sqrt);
export const abs = un<'abs'>(unaryFns.abs);
export const sign = un<'sign'>(unaryFns.sign);
export const tanh = un<'tanh'>(unaryFns.tanh);
export const sigmoid = un<'sigmoid'>(unaryFns.sigmoid);
export const relu = un<'relu'>(unaryFns.relu);
export const erf = un<'erf'>(unaryFns.erf);
export const reluGrad: RefKernel<'reluGrad'> = ([x, g], _attrs, out) =>
  reluGradArrays(floats(x), floats(g), allocFloat(floatDTypeOf('reluGrad', out, [x, g]), sizeOf(out.shape)));
export const cast: RefKernel<'cast'> = ([x], attrs) => castArrays(data(x), attrs.dtype);
export const add = bin<'add'>(binaryFns.add);
export const sub = bin<'sub'>(binaryFns.sub);
export const mul = bin<'mul'>(binaryFns.mul);
export const div = bin<'div'>(binaryFns.div);
export const pow = bin<'pow'>(binaryFns.pow);
export const maximum = bin<'maximum'>(binaryFns.maximum);
export const minimum = bin<'minimum'>(binaryFns.minimum);
export const eq = bin<'eq'>(binaryFns.eq);
export const ne = bin<'ne'>(binaryFns.ne);
export const lt = bin<'lt'>(binaryFns.lt);
export const le = bin<'le'>(binaryFns.le);
export const gt = bin<'gt'>(binaryFns.gt);
export const ge = bin<'ge'>(binaryFns.ge);
export const where: RefKernel<'where'> = ([c, a, b], _attrs, out) =>
  whereArrays(data(c), c.shape, data(a), a.shape, data(b), b.shape, out.shape, out.dtype);
