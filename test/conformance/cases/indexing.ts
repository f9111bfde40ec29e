/**
 * Cases of the indexing primitives gather and scatterAdd (torch.gather, torch.scatter_add) along every
 * axis, with repeated (colliding) indices, index shapes smaller than the data on the other axes, many
 * collisions into few slots and empty indices. Gradient cases differentiate the float data, never the
 * int32 indices.
 */
import type { Shape } from '../../../src/engine/shape.js';
import type { CaseDType, CaseInput, PrimitiveCase, Rng } from '../case.js';
import { anyOf, describeInputs, forCase as data, int, ints, rngFor, shapeOf, uniform, values } from '../case.js';

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

export const indexingCaseTable = {
  gather: gatherCases(),
  scatterAdd: scatterAddCases(),
};
