/**
 * Cases of the reductions (sum, max, min over axis sets, kept as size 1; argmax, argmin along one axis):
 * random ranks 0–4 and axis subsets (none, some, all), long rows and columns, empty inputs (sum only:
 * max/min of nothing is refused by the op), NaN and ±Inf, and every dtype. max/min gradient cases use
 * all-distinct values (at a tie the gradient is split, a kink).
 */
import type { Shape } from '../../../src/engine/shape.js';
import type { CaseInput, PrimitiveCase } from '../case.js';
import { anyOf, describeInputs, distinct, edited, grid, int, ints, rngFor, shapeOf, uniform, withSpecials } from '../case.js';

type ReducePrim = 'sum' | 'max' | 'min';

const kept = (shape: Shape, axes: readonly number[]): number[] => shape.map((d, i) => (axes.includes(i) ? 1 : d));

function reduceCases(prim: ReducePrim): PrimitiveCase<ReducePrim>[] {
  const rng = rngFor(prim);
  const cases: PrimitiveCase<ReducePrim>[] = [];
  const add = (name: string, x: CaseInput, axes: number[], gradient: boolean): void => {
    cases.push({ name: `${name} ${describeInputs([x])} axes [${axes.join(',')}]`, inputs: [x], attrs: { axes }, out: kept(x.shape, axes), gradient });
  };
  const smooth = (s: Shape): CaseInput => (prim === 'sum' ? uniform(rng, s, -2, 2) : distinct(rng, s));
  for (let i = 0; i < 5; i++) {
    const shape = shapeOf(rng, 1, 4, 4);
    const axes = shape.map((_, a) => a).filter(() => rng() < 0.5);
    add(`smooth #${i}`, smooth(shape), axes, true);
  }
  const cube = [2, 3, 4];
  add('smooth, every axis', smooth(cube), [0, 1, 2], true);
  add('smooth, no axis', smooth(cube), [], true);
  add('0-d', smooth([]), [], true);
  add('special values', withSpecials(rng, [4, 9], 0.4), [1], false);
  add('special values, all axes', withSpecials(rng, [3, 5], 0.2), [0, 1], false);
  add('long rows (SIMD body and tail)', uniform(rng, [37, 1001]), [1], false);
  add('long columns', uniform(rng, [1000, 37]), [0], false);
  add('middle axis', uniform(rng, [5, 67, 3]), [1], false);
  if (prim === 'sum') {
    add('empty axis', uniform(rng, [0, 3]), [0], false);
    add('int32', ints(rng, 'int32', [4, 0]), [1], false);
    add('int32', ints(rng, 'int32', [5, 6, 7]), [0, 2], false);
  } else {
    add('ties', grid(rng, [6, 8]), [1], false);
    for (const dt of ['int32', 'uint8', 'bool'] as const) add(dt, ints(rng, dt, [4, 5, 3]), [int(rng, 0, 2)], false);
  }
  return cases;
}

function argCases(prim: 'argmax' | 'argmin'): PrimitiveCase<'argmax' | 'argmin'>[] {
  const rng = rngFor(prim);
  const cases: PrimitiveCase<'argmax' | 'argmin'>[] = [];
  const add = (name: string, x: CaseInput, axis: number): void => {
    cases.push({ name: `${name} ${describeInputs([x])} axis ${axis}`, inputs: [x], attrs: { axis }, out: kept(x.shape, [axis]), gradient: false });
  };
  for (let i = 0; i < 4; i++) {
    const shape = shapeOf(rng, 1, 4, 6);
    add(`ties #${i}`, grid(rng, shape), int(rng, 0, shape.length - 1));
  }
  add('NaN and ±Inf', withSpecials(rng, [5, 9], 0.4), 1);
  add('NaN first', edited(uniform(rng, [3, 4]), (d) => (d[0] = NaN)), 1);
  add('-Inf only', edited(uniform(rng, [2, 3]), (d) => d.fill(-Infinity)), 0);
  add('long', uniform(rng, [3, 1001]), 1);
  for (const dt of ['int32', 'uint8', 'bool'] as const) {
    const shape = shapeOf(rng, 1, 3, 6);
    add(dt, anyOf(rng, dt, shape), int(rng, 0, shape.length - 1));
  }
  return cases;
}

export const reduceCaseTable = {
  sum: reduceCases('sum'),
  max: reduceCases('max'),
  min: reduceCases('min'),
  argmax: argCases('argmax'),
  argmin: argCases('argmin'),
};
