/**
 * Cases of the indexing primitives gather and scatterAdd (torch.gather, torch.scatter_add) along every
 * axis, with repeated (colliding) indices, index shapes smaller than the data on the other axes, many
 * collisions into few slots and empty indices. Gradient cases differentiate the float data, never the
 * int32 indices.
 *
 * And the selection primitives, none differentiable: topk (every dtype, ties, special values, k from 0
 * to n, strided axes), searchSorted (sequences sorted in the value order of src/engine/order.ts, with
 * ties, ±0 and NaNs), and the data-dependent nonzero and unique, whose cases state the shape the kernel
 * must report ([K, rank] and [U], counted here from the data).
 */
import type { Shape } from '../../../src/engine/shape.js';
import { compareValues } from '../../../src/engine/order.js';
import type { CaseDType, CaseInput, PrimitiveCase, Rng } from '../case.js';
import { anyOf, describeInputs, edited, forCase as data, grid, int, ints, rngFor, shapeOf, uniform, values, withSpecials } from '../case.js';

/** An int32 index of `shape` with values in [0, n): many repeats when n is small. */
function indexOf(rng: Rng, shape: Shape, n: number): CaseInput {
  return ints(rng, 'int32', shape, 0, n - 1);
}

function gatherCases(): PrimitiveCase<'gather'>[] {
  const rng = rngFor('gather');
  const cases: PrimitiveCase<'gather'>[] = [];
  for (let i = 0; i < 8; i++) {
    const dt: CaseDType = i < 5 ? 'float' : i === 5 ? 'int32' : i === 6 ? 'uint8' : 'bool';
    const gradient = i < 4;
    const shape = shapeOf(rng, 1, 4, 4);
    const axis = int(rng, 0, shape.length - 1);
    // index: at most x's size on the other axes, any size along axis
    const idxShape = shape.map((d, a) => (a === axis ? int(rng, 1, 5) : int(rng, 1, d)));
    const x = data(rng, dt, shape, gradient);
    const index = indexOf(rng, idxShape, shape[axis]!);
    cases.push({ name: `#${i} ${describeInputs([x, index])} axis ${axis}`, inputs: [x, index], attrs: { axis }, out: idxShape, gradient });
  }
  const x = uniform(rng, [3, 4]);
  cases.push({ name: 'empty index', inputs: [x, values('int32', [3, 0], [])], attrs: { axis: 1 }, out: [3, 0], gradient: false });
  return cases;
}

function scatterAddCases(): PrimitiveCase<'scatterAdd'>[] {
  const rng = rngFor('scatterAdd');
  const cases: PrimitiveCase<'scatterAdd'>[] = [];
  for (let i = 0; i < 7; i++) {
    const dt: CaseDType = i < 6 ? 'float' : 'int32';
    const gradient = i < 4;
    const out = shapeOf(rng, 1, 4, 4);
    const axis = int(rng, 0, out.length - 1);
    // src (and index): at most out's size on the other axes, any size along axis (colliding indices)
    const srcShape = out.map((d, a) => (a === axis ? int(rng, 1, 6) : int(rng, 1, d)));
    const src = dt === 'float' && !gradient ? uniform(rng, srcShape, -4, 4) : anyOf(rng, dt, srcShape);
    const index = indexOf(rng, srcShape, out[axis]!);
    cases.push({ name: `#${i} ${describeInputs([src, index])} axis ${axis} → [${out.join(',')}]`, inputs: [src, index], attrs: { axis }, out, gradient });
  }
  const src = uniform(rng, [2, 300]);
  cases.push({ name: 'many collisions', inputs: [src, indexOf(rng, [2, 300], 3)], attrs: { axis: 1 }, out: [2, 3], gradient: false });
  cases.push({ name: 'empty source', inputs: [uniform(rng, [0, 2]), values('int32', [0, 2], [])], attrs: { axis: 0 }, out: [3, 2], gradient: false });
  return cases;
}

const SELECTION_DTYPES: readonly CaseDType[] = ['float', 'float', 'int32', 'uint8', 'bool'];

/** Elements of `dt` with many ties: floats with special values (or on a coarse grid), small integers. */
function tied(rng: Rng, dt: CaseDType, shape: Shape, specials: boolean): CaseInput {
  if (dt === 'float') return specials ? withSpecials(rng, shape, 0.4) : grid(rng, shape);
  return dt === 'int32' ? ints(rng, dt, shape, -3, 3) : dt === 'uint8' ? ints(rng, dt, shape, 0, 4) : ints(rng, dt, shape);
}

function topkCases(): PrimitiveCase<'topk'>[] {
  const rng = rngFor('topk');
  const cases: PrimitiveCase<'topk'>[] = [];
  for (let i = 0; i < 10; i++) {
    const dt = SELECTION_DTYPES[i % SELECTION_DTYPES.length]!;
    const shape = shapeOf(rng, 1, 3, 7);
    const axis = int(rng, 0, shape.length - 1);
    const n = shape[axis]!;
    const k = int(rng, 0, n);
    const x = tied(rng, dt, shape, i % 5 === 0);
    const attrs = { axis, k, largest: rng() < 0.5, sorted: rng() < 0.7 };
    const out = shape.map((d, a) => (a === axis ? k : d));
    cases.push({ name: `#${i} ${describeInputs([x])} ${JSON.stringify(attrs)}`, inputs: [x], attrs, out, gradient: false });
  }
  const long = withSpecials(rng, [3, 300], 0.2);
  cases.push({ name: 'long lines, k = 7', inputs: [long], attrs: { axis: 1, k: 7, largest: true, sorted: true }, out: [3, 7], gradient: false });
  cases.push({ name: 'k = n: a full sort, smallest first', inputs: [grid(rng, [4, 9])], attrs: { axis: 1, k: 9, largest: false, sorted: true }, out: [4, 9], gradient: false });
  cases.push({ name: 'strided axis, by index', inputs: [grid(rng, [20, 3, 2])], attrs: { axis: 0, k: 6, largest: true, sorted: false }, out: [6, 3, 2], gradient: false });
  cases.push({ name: 'empty lines', inputs: [uniform(rng, [0, 5])], attrs: { axis: 1, k: 2, largest: true, sorted: true }, out: [0, 2], gradient: false });
  return cases;
}

/** `x`'s elements sorted in the value order (the `sorted` input of searchSorted). */
function ascending(x: CaseInput): CaseInput {
  return edited(x, (d) => d.set(Array.from(d).sort(compareValues)));
}

function searchSortedCases(): PrimitiveCase<'searchSorted'>[] {
  const rng = rngFor('searchSorted');
  const cases: PrimitiveCase<'searchSorted'>[] = [];
  for (let i = 0; i < 10; i++) {
    const dt = SELECTION_DTYPES[i % SELECTION_DTYPES.length]!;
    const sorted = ascending(tied(rng, dt, [int(rng, 1, 12)], i % 5 === 0));
    const v = tied(rng, dt, shapeOf(rng, 0, 2, 5), i % 5 === 0);
    const right = rng() < 0.5;
    cases.push({ name: `#${i} ${describeInputs([sorted, v])} right ${right}`, inputs: [sorted, v], attrs: { right }, out: v.shape, gradient: false });
  }
  cases.push({ name: 'empty sequence', inputs: [values('float', [0], []), uniform(rng, [3])], attrs: { right: false }, out: [3], gradient: false });
  cases.push({ name: 'no values', inputs: [ascending(uniform(rng, [4])), values('float', [2, 0], [])], attrs: { right: true }, out: [2, 0], gradient: false });
  return cases;
}

/** Elements of `dt` of which about half are zero (−0 as well as +0 for floats). */
function sparse(rng: Rng, dt: CaseDType, shape: Shape): CaseInput {
  const x = tied(rng, dt, shape, dt === 'float');
  return edited(x, (d) => {
    for (let i = 0; i < d.length; i++) if (rng() < 0.5) d[i] = dt === 'float' && rng() < 0.5 ? -0 : 0;
  });
}

function nonzeroCases(): PrimitiveCase<'nonzero'>[] {
  const rng = rngFor('nonzero');
  const cases: PrimitiveCase<'nonzero'>[] = [];
  const nonzeroOut = (x: CaseInput): Shape => [x.data.filter((v) => v !== 0).length, x.shape.length];
  for (let i = 0; i < 10; i++) {
    const dt = SELECTION_DTYPES[i % SELECTION_DTYPES.length]!;
    const x = sparse(rng, dt, shapeOf(rng, 0, 4, 5));
    cases.push({ name: `#${i} ${describeInputs([x])}`, inputs: [x], attrs: {}, out: nonzeroOut(x), gradient: false });
  }
  const big = sparse(rng, 'float', [40, 50]);
  cases.push({ name: 'a larger sparse matrix', inputs: [big], attrs: {}, out: nonzeroOut(big), gradient: false });
  cases.push({ name: 'all zeros', inputs: [values('float', [2, 3], [0, -0, 0, 0, -0, 0])], attrs: {}, out: [0, 2], gradient: false });
  cases.push({ name: 'empty', inputs: [values('int32', [0, 3], [])], attrs: {}, out: [0, 2], gradient: false });
  return cases;
}

function uniqueCases(): PrimitiveCase<'unique'>[] {
  const rng = rngFor('unique');
  const cases: PrimitiveCase<'unique'>[] = [];
  const uniqueOut = (x: CaseInput): Shape => {
    const v = Array.from(x.data).sort(compareValues);
    return [v.filter((e, i) => i === 0 || compareValues(v[i - 1]!, e) !== 0).length];
  };
  for (let i = 0; i < 10; i++) {
    const dt = SELECTION_DTYPES[i % SELECTION_DTYPES.length]!;
    const x = tied(rng, dt, shapeOf(rng, 0, 3, 6), i % 5 === 0);
    cases.push({ name: `#${i} ${describeInputs([x])}`, inputs: [x], attrs: {}, out: uniqueOut(x), gradient: false });
  }
  const spread = anyOf(rng, 'int32', [2000]);
  const wide = edited(spread, (d) => d.forEach((_, i) => (d[i] = int(rng, -(2 ** 31), 2 ** 31 - 1))));
  cases.push({ name: 'int32 over the whole range (every radix pass)', inputs: [wide], attrs: {}, out: uniqueOut(wide), gradient: false });
  const floats = withSpecials(rng, [500], 0.3);
  cases.push({ name: 'floats with ±0 and NaNs', inputs: [floats], attrs: {}, out: uniqueOut(floats), gradient: false });
  cases.push({ name: '−0 before +0', inputs: [values('float', [3], [-0, 2, 0])], attrs: {}, out: [2], gradient: false });
  cases.push({ name: 'empty', inputs: [values('float', [0, 2], [])], attrs: {}, out: [0], gradient: false });
  return cases;
}

export const indexingCaseTable = {
  gather: gatherCases(),
  scatterAdd: scatterAddCases(),
  topk: topkCases(),
  searchSorted: searchSortedCases(),
  nonzero: nonzeroCases(),
  unique: uniqueCases(),
};
