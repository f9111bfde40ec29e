import type { TypedArray, DType } from '../../engine/dtype.js';
import { allocArray } from '../../engine/dtype.js';
import type { Shape } from '../../engine/shape.js';
import { sizeOf, shapesEqual } from '../../engine/shape.js';
import { broadcastStrides } from '../../engine/geometry.js';
import { forEachRow } from './strided.js';

export type UnaryFn = (x: number) => number;
export type BinaryFn = (a: number, b: number) => number;

export const unaryFns = {
  neg: (x: number) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x),
  tanh: Math.tanh,
  sigmoid: (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  relu: (x: number) => (x > 0 ? x : x !== x ? x : 0),
} satisfies Record<string, UnaryFn>;

export const binaryFns = {
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

export function unary(x: TypedArray, dtype: DType, f: UnaryFn): TypedArray {
  const out = allocArray(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  return out;
}

/** Integer division truncates toward zero like C; everything else is computed in float64 and stored. */
export function binary(a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, outShape: Shape, dtype: DType, f: BinaryFn): TypedArray {
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

export function where(
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

export function cast(x: TypedArray, to: DType): TypedArray {
  const out = allocArray(to, x.length);
  if (to === 'bool') for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
  else if (to === 'float32') out.set(x);
  else for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!);
  return out;
}

/** relu's gradient: g where x > 0 else 0 (float32, same lengths). */
export function reluGrad(x: Float32Array, g: Float32Array): Float32Array {
  const out = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = x[i]! > 0 ? g[i]! : 0;
  return out;
}
