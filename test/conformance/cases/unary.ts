/**
 * Cases of the unary elementwise primitives, relu's gradient and cast. Gradient cases stay inside each
 * function's smooth domain (log and sqrt on positives, abs/sign/relu away from 0); forward-only cases
 * add special values, very wide ranges (overflow, underflow), long arrays (SIMD body and tail) and empty
 * tensors. The integer-capable primitives (neg, abs, sign, relu) also run on int32 including INT_MIN.
 */
import type { Shape } from '../../../src/engine/shape.js';
import type { CaseInput, PrimitiveCase, Rng } from '../case.js';
import { awayFromZero, describeInputs, edited, ints, rngFor, uniform, values, withSpecials } from '../case.js';

const UNARY = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'tanh', 'sigmoid', 'relu', 'erf'] as const;
type UnaryPrim = (typeof UNARY)[number];

/** Inputs on which each function is smooth (and its values moderate): the gradient cases. */
const SMOOTH: Record<UnaryPrim, (rng: Rng, shape: Shape) => CaseInput> = {
  neg: (rng, s) => uniform(rng, s, -2, 2),
  exp: (rng, s) => uniform(rng, s, -3, 3),
  log: (rng, s) => uniform(rng, s, 0.5, 4),
  sqrt: (rng, s) => uniform(rng, s, 0.5, 4),
  abs: (rng, s) => awayFromZero(rng, s),
  sign: (rng, s) => awayFromZero(rng, s),
  tanh: (rng, s) => uniform(rng, s, -3, 3),
  sigmoid: (rng, s) => uniform(rng, s, -6, 6),
  relu: (rng, s) => awayFromZero(rng, s),
  erf: (rng, s) => uniform(rng, s, -3.5, 3.5),
};

const INTEGER_CAPABLE: ReadonlySet<UnaryPrim> = new Set(['neg', 'abs', 'sign', 'relu']);

function unaryCases(prim: UnaryPrim): PrimitiveCase<UnaryPrim>[] {
  const rng = rngFor(prim);
  const cases: PrimitiveCase<UnaryPrim>[] = [];
  const add = (name: string, x: CaseInput, gradient: boolean): void => {
    cases.push({ name: `${name} ${describeInputs([x])}`, inputs: [x], attrs: {}, out: x.shape, gradient });
  };
  for (const shape of [[], [7], [3, 5], [2, 3, 4]]) add('smooth', SMOOTH[prim](rng, shape), true);
  add('special values (±0, ±Inf, NaN, extremes)', withSpecials(rng, [41], 0.6), false);
  add('wide range [-100, 100)', uniform(rng, [67], -100, 100), false);
  add('long (SIMD body and tail)', uniform(rng, [1003], -5, 5), false);
  add('empty', uniform(rng, [0, 3]), false);
  if (INTEGER_CAPABLE.has(prim)) {
    add('int32 with INT_MIN and INT_MAX', edited(ints(rng, 'int32', [37]), (d) => {
      d[0] = -2147483648;
      d[1] = 2147483647;
      d[2] = 0;
    }), false);
  }
  return cases;
}

function reluGradCases(): PrimitiveCase<'reluGrad'>[] {
  const rng = rngFor('reluGrad');
  const cases: PrimitiveCase<'reluGrad'>[] = [];
  for (const shape of [[], [6], [3, 4, 5]]) {
    const x = awayFromZero(rng, shape);
    const g = uniform(rng, shape, -2, 2);
    cases.push({ name: `x away from 0 ${describeInputs([x, g])}`, inputs: [x, g], attrs: {}, out: shape, gradient: true });
  }
  const x = withSpecials(rng, [53], 0.5);
  const g = withSpecials(rng, [53], 0.3);
  cases.push({ name: 'special values in x and g', inputs: [x, g], attrs: {}, out: [53], gradient: false });
  const long = [9, 111];
  cases.push({ name: 'long', inputs: [uniform(rng, long), uniform(rng, long)], attrs: {}, out: long, gradient: false });
  cases.push({ name: 'empty', inputs: [uniform(rng, [4, 0]), uniform(rng, [4, 0])], attrs: {}, out: [4, 0], gradient: false });
  return cases;
}

/** Float values that test truncation, wrap-around (int32 and uint8) and NaN/Inf conversion. */
const CAST_SPECIALS = [NaN, Infinity, -Infinity, 3e9, -3e9, -1.5, 255.9, 256, 257.5, -1e10, 2147483648, -2147483648, 0.5, -0, 1.9, -1.9];

function castCases(): PrimitiveCase<'cast'>[] {
  const rng = rngFor('cast');
  const cases: PrimitiveCase<'cast'>[] = [];
  const shape = [53];
  const fromFloat = edited(uniform(rng, shape, -300, 300), (d) => CAST_SPECIALS.forEach((v, i) => (d[i] = v)));
  for (const to of ['int32', 'uint8', 'bool'] as const)
    cases.push({ name: `float → ${to} (truncation, wrap-around, NaN, Inf)`, inputs: [fromFloat], attrs: { dtype: to }, out: shape, gradient: false });
  const fromInt = edited(ints(rng, 'int32', shape, -1000, 1000), (d) => [-2147483648, 2147483647, 256, -1, 300, 0, 16777217].forEach((v, i) => (d[i] = v)));
  cases.push({ name: 'int32 → float (beyond 2^24 rounds)', inputs: [fromInt], attrs: (f) => ({ dtype: f }), out: shape, gradient: false });
  for (const to of ['uint8', 'bool'] as const) cases.push({ name: `int32 → ${to}`, inputs: [fromInt], attrs: { dtype: to }, out: shape, gradient: false });
  const fromU8 = ints(rng, 'uint8', shape);
  cases.push({ name: 'uint8 → float', inputs: [fromU8], attrs: (f) => ({ dtype: f }), out: shape, gradient: false });
  for (const to of ['int32', 'bool'] as const) cases.push({ name: `uint8 → ${to}`, inputs: [fromU8], attrs: { dtype: to }, out: shape, gradient: false });
  const fromBool = ints(rng, 'bool', shape);
  cases.push({ name: 'bool → float', inputs: [fromBool], attrs: (f) => ({ dtype: f }), out: shape, gradient: false });
  for (const to of ['int32', 'uint8'] as const) cases.push({ name: `bool → ${to}`, inputs: [fromBool], attrs: { dtype: to }, out: shape, gradient: false });
  // float → the same float type: the identity (the only differentiable cast; its gradient is g).
  for (const s of [[], [3, 4]]) {
    const x = uniform(rng, s, -2, 2);
    cases.push({ name: `float → float (identity) ${describeInputs([x])}`, inputs: [x], attrs: (f) => ({ dtype: f }), out: s, gradient: true });
  }
  // float → float32: the identity in float32 runs, rounding float64 to float32 in the float64 run.
  cases.push({ name: 'float → float32', inputs: [withSpecials(rng, [29])], attrs: { dtype: 'float32' }, out: [29], gradient: false });
  cases.push({ name: 'empty float → int32', inputs: [values('float', [0], [])], attrs: { dtype: 'int32' }, out: [0], gradient: false });
  return cases;
}

export const unaryCaseTable = {
  neg: unaryCases('neg'),
  exp: unaryCases('exp'),
  log: unaryCases('log'),
  sqrt: unaryCases('sqrt'),
  abs: unaryCases('abs'),
  sign: unaryCases('sign'),
  tanh: unaryCases('tanh'),
  sigmoid: unaryCases('sigmoid'),
  relu: unaryCases('relu'),
  erf: unaryCases('erf'),
  reluGrad: reluGradCases(),
  cast: castCases(),
};
