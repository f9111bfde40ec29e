/**
 * Cases of the broadcasting elementwise primitives: arithmetic, comparisons and where. Shapes cover
 * equal shapes, rows, columns, scalars on either side, missing leading axes, both sides expanded, the
 * kernels' fast paths (scalar, bias [N, C] + [C], [N, C, H, W] + [1, C, 1, 1]) and empty tensors.
 * Gradient cases keep div's divisor away from 0, pow's base positive and maximum/minimum free of ties;
 * forward-only cases add special values, ties, int32 wrap-around and division by zero, and uint8.
 */
import type { Shape } from '../../../src/engine/shape.js';
import { broadcastShapes } from '../../../src/engine/shape.js';
import type { CaseInput, PrimitiveCase, Rng } from '../case.js';
import { anyOf, awayFromZero, broadcastableTo, describeInputs, grid, ints, rngFor, shapeOf, uniform, values, withSpecials } from '../case.js';

const ARITHMETIC = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'] as const;
type ArithmeticPrim = (typeof ARITHMETIC)[number];
type ComparePrim = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** [a, b] shape pairs of the gradient cases: every way broadcasting can expand an operand. */
const BROADCASTS: readonly (readonly [Shape, Shape])[] = [
  [[3, 4], [3, 4]],
  [[2, 3], [3]],
  [[2, 3], [2, 1]],
  [[], [2, 3]],
  [[5], []],
  [[2, 1, 3], [4, 1]],
];

/** Shape pairs that hit the kernels' fast paths, and long rows. */
const FAST_PATHS: readonly (readonly [Shape, Shape])[] = [
  [[1023], [1023]],
  [[5, 7], []],
  [[], [9, 3]],
  [[64, 10], [10]],
  [[3, 33], [33]],
  [[2, 5, 6, 7], [1, 5, 1, 1]],
  [[4, 1], [1, 9]],
];

/** Smooth operands: a, then b, for the gradient cases. */
function smoothPair(prim: ArithmeticPrim, rng: Rng, sa: Shape, sb: Shape): [CaseInput, CaseInput] {
  switch (prim) {
    case 'div':
      return [uniform(rng, sa, -2, 2), awayFromZero(rng, sb, 0.5)];
    case 'pow':
      return [uniform(rng, sa, 0.5, 2), uniform(rng, sb, -1.5, 2)];
    case 'maximum':
    case 'minimum':
      // Grids offset by 1/8: the operands differ by at least 1/8 everywhere, so nothing ties.
      return [grid(rng, sa, 0), grid(rng, sb, 0.125)];
    default:
      return [uniform(rng, sa, -2, 2), uniform(rng, sb, -2, 2)];
  }
}

const INT_EDGE_A = [2147483647, -2147483648, 7, -7, 0, 5, 123456789, -2147483648];
const INT_EDGE_B = [1, -1, 2, 2, 0, 0, 987654321, 2];

function arithmeticCases(prim: ArithmeticPrim): PrimitiveCase<ArithmeticPrim>[] {
  const rng = rngFor(prim);
  const cases: PrimitiveCase<ArithmeticPrim>[] = [];
  const add = (name: string, a: CaseInput, b: CaseInput, gradient: boolean): void => {
    cases.push({ name: `${name} ${describeInputs([a, b])}`, inputs: [a, b], attrs: {}, out: broadcastShapes(a.shape, b.shape), gradient });
  };
  for (const [sa, sb] of BROADCASTS) add('smooth', ...smoothPair(prim, rng, sa, sb), true);
  add('special values on both sides', withSpecials(rng, [7, 6], 0.5), withSpecials(rng, [6], 0.5), false);
  for (const [sa, sb] of FAST_PATHS) add('fast path', withSpecials(rng, sa, 0.05), withSpecials(rng, sb, 0.05), false);
  add('empty against size 1', uniform(rng, [0]), uniform(rng, [1]), false);
  add('empty rows', uniform(rng, [2, 0]), uniform(rng, [2, 1]), false);
  if (prim === 'maximum' || prim === 'minimum') add('ties', grid(rng, [4, 6]), grid(rng, [6]), false);
  // int32 (wrapping arithmetic, C-like division; pow keeps exponents small so results stay exact in float64)
  for (let i = 0; i < 3; i++) {
    const out = shapeOf(rng, 0, 4, 5);
    const [sa, sb] = [broadcastableTo(rng, out), broadcastableTo(rng, out)];
    add(`int32 #${i}`, ints(rng, 'int32', sa), prim === 'pow' ? ints(rng, 'int32', sb, 0, 6) : ints(rng, 'int32', sb), false);
  }
  add('int32 wrap-around, division by zero, INT_MIN / -1', values('int32', [8], INT_EDGE_A), values('int32', [8], INT_EDGE_B), false);
  if (prim !== 'div' && prim !== 'pow') add('uint8 (wraps modulo 256)', ints(rng, 'uint8', [3, 17]), ints(rng, 'uint8', [17]), false);
  return cases;
}

function compareCases(prim: ComparePrim): PrimitiveCase<ComparePrim>[] {
  const rng = rngFor(prim);
  const cases: PrimitiveCase<ComparePrim>[] = [];
  const add = (name: string, a: CaseInput, b: CaseInput): void => {
    cases.push({ name: `${name} ${describeInputs([a, b])}`, inputs: [a, b], attrs: {}, out: broadcastShapes(a.shape, b.shape), gradient: false });
  };
  for (let i = 0; i < 4; i++) {
    const out = shapeOf(rng, 0, 4, 6);
    add(`float with ties and specials #${i}`, withSpecials(rng, broadcastableTo(rng, out), 0.3), grid(rng, broadcastableTo(rng, out)));
  }
  add('±0, ±Inf and NaN against each other', values('float', [6, 1], [0, -0, Infinity, -Infinity, NaN, 1]), values('float', [6], [0, -0, Infinity, -Infinity, NaN, 1]));
  for (const dt of ['int32', 'uint8', 'bool'] as const) {
    const out = shapeOf(rng, 1, 3, 5);
    add(dt, anyOf(rng, dt, broadcastableTo(rng, out)), anyOf(rng, dt, out));
  }
  add('long against a scalar', ints(rng, 'int32', [70]), ints(rng, 'int32', []));
  add('long floats', withSpecials(rng, [70], 0.2), grid(rng, [70]));
  add('empty', uniform(rng, [0, 2]), uniform(rng, [2]));
  return cases;
}

function whereCases(): PrimitiveCase<'where'>[] {
  const rng = rngFor('where');
  const cases: PrimitiveCase<'where'>[] = [];
  const add = (name: string, c: CaseInput, a: CaseInput, b: CaseInput, gradient: boolean): void => {
    const out = broadcastShapes(broadcastShapes(c.shape, a.shape), b.shape);
    cases.push({ name: `${name} ${describeInputs([c, a, b])}`, inputs: [c, a, b], attrs: {}, out, gradient });
  };
  const shapes: readonly (readonly [Shape, Shape, Shape])[] = [
    [[3, 4], [3, 4], [3, 4]],
    [[2, 3, 4], [4], [2, 3, 4]],
    [[3, 1], [2, 1, 4], [4]],
    [[], [2, 3], [3]],
  ];
  for (const [sc, sa, sb] of shapes) add('smooth', ints(rng, 'bool', sc), uniform(rng, sa, -2, 2), uniform(rng, sb, -2, 2), true);
  add('special values pass through', ints(rng, 'bool', [5, 8]), withSpecials(rng, [8], 0.6), withSpecials(rng, [5, 8], 0.6), false);
  for (const dt of ['int32', 'uint8', 'bool'] as const) {
    const out = shapeOf(rng, 1, 4, 5);
    add(dt, ints(rng, 'bool', broadcastableTo(rng, out)), anyOf(rng, dt, broadcastableTo(rng, out)), anyOf(rng, dt, out), false);
  }
  add('long', ints(rng, 'bool', [300]), uniform(rng, [300]), uniform(rng, []), false);
  add('empty', ints(rng, 'bool', [0, 3]), uniform(rng, [3]), uniform(rng, [1]), false);
  return cases;
}

export const binaryCaseTable = {
  add: arithmeticCases('add'),
  sub: arithmeticCases('sub'),
  mul: arithmeticCases('mul'),
  div: arithmeticCases('div'),
  pow: arithmeticCases('pow'),
  maximum: arithmeticCases('maximum'),
  minimum: arithmeticCases('minimum'),
  eq: compareCases('eq'),
  ne: compareCases('ne'),
  lt: compareCases('lt'),
  le: compareCases('le'),
  gt: compareCases('gt'),
  ge: compareCases('ge'),
  where: whereCases(),
};
