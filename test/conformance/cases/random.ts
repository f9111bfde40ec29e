/**
 * Cases of randomUniform (no inputs, float32 output, not differentiable): shapes from empty to long
 * (partial Philox blocks, the 16-element SIMD groups and their tails, splits across threads inside a
 * block), and seeds whose high key word is 0, small, and the largest.
 */
import type { PrimitiveCase } from '../case.js';

const SHAPES: readonly number[][] = [[0], [1], [3], [4], [5], [17], [2, 3, 7], [1003], [64, 65]];
const SEEDS = [0, 1, 0xffffffff, 2 ** 32 + 5, 2 ** 53 - 1];

function randomUniformCases(): PrimitiveCase<'randomUniform'>[] {
  return SHAPES.map((shape, i) => {
    const seed = SEEDS[i % SEEDS.length]!;
    return { name: `[${shape.join(',')}] seed ${seed}`, inputs: [], attrs: { seed }, out: shape, gradient: false };
  });
}

export const randomCaseTable = {
  randomUniform: randomUniformCases(),
};
