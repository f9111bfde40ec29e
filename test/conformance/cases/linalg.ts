/**
 * Cases of matmul: every transpose combination, batches, odd and SIMD-unfriendly sizes (tile edges, a
 * long dot product), K = 0 (zeros), M = 0, an empty batch and special values.
 */
import type { Shape } from '../../../src/engine/shape.js';
import type { CaseInput, PrimitiveCase } from '../case.js';
import { describeInputs, int, rngFor, uniform, withSpecials } from '../case.js';

/** a [..., M, K] (or [..., K, M] if transA) and b [..., K, N] (or [..., N, K] if transB). */
function operandShapes(batch: Shape, m: number, k: number, n: number, transA: boolean, transB: boolean): [number[], number[]] {
  return [[...batch, ...(transA ? [k, m] : [m, k])], [...batch, ...(transB ? [n, k] : [k, n])]];
}

function matmulCases(): PrimitiveCase<'matmul'>[] {
  const rng = rngFor('matmul');
  const cases: PrimitiveCase<'matmul'>[] = [];
  const add = (name: string, batch: Shape, [m, k, n]: [number, number, number], transA: boolean, transB: boolean,
    fill: (s: Shape) => CaseInput, gradient: boolean): void => {
    const [sa, sb] = operandShapes(batch, m, k, n, transA, transB);
    const a = fill(sa);
    const b = fill(sb);
    const t = `${transA ? 'Aᵀ' : 'A'}${transB ? 'Bᵀ' : 'B'}`;
    cases.push({ name: `${name} ${t} ${describeInputs([a, b])}`, inputs: [a, b], attrs: { transA, transB }, out: [...batch, m, n], gradient });
  };
  const smooth = (s: Shape): CaseInput => uniform(rng, s, -1, 1);
  for (const transA of [false, true])
    for (const transB of [false, true]) add('smooth', [], [int(rng, 1, 4), int(rng, 1, 5), int(rng, 1, 4)], transA, transB, smooth, true);
  add('smooth, batched', [2, 3], [2, 3, 2], false, false, smooth, true);
  add('smooth, batched', [3], [3, 2, 4], true, true, smooth, true);
  add('vector-like', [], [1, 6, 1], false, false, smooth, true);
  const wide = (s: Shape): CaseInput => uniform(rng, s, -4, 4);
  add('odd sizes', [], [7, 13, 5], false, false, wide, false);
  add('SIMD tile edges', [], [33, 65, 17], false, true, wide, false);
  add('SIMD tile edges', [], [17, 40, 33], true, false, wide, false);
  add('long dot product', [], [1, 1000, 1], false, false, wide, false);
  add('batched, larger', [2, 2], [9, 21, 10], true, true, wide, false);
  add('K = 0 gives zeros', [], [2, 0, 3], false, false, wide, false);
  add('M = 0', [], [0, 4, 3], false, false, wide, false);
  add('empty batch', [0], [2, 3, 2], false, false, wide, false);
  add('special values', [], [4, 5, 3], false, false, (s) => withSpecials(rng, s, 0.15), false);
  return cases;
}

export const linalgCaseTable = {
  matmul: matmulCases(),
};
