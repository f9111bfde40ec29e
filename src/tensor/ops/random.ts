/**
 * Random tensors made on the backend: `randomUniform` computes every element from (seed, element index)
 * alone (Philox4x32-10, see `engine/random-math.ts`), so the bits are the same on every backend and for
 * any thread count, and nothing is copied from JS. Seeds come from a `Generator`, so seeded runs stay
 * reproducible and resumable (a generator's state is saved in checkpoints).
 */
import type { Shape } from '../../engine/shape.js';
import { formatShape } from '../../engine/shape.js';
import { isSeed, SEED_LIMIT } from '../../engine/random-math.js';
import type { Generator } from '../random.js';
import { defaultGenerator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { dispatch } from '../dispatch.js';

/** A fresh seed in [0, 2⁵³) from two draws of `generator` (default: the global generator). */
export function drawSeed(generator: Generator = defaultGenerator): number {
  const hi = generator.nextUint32() >>> 11;
  const lo = generator.nextUint32();
  return hi * 2 ** 32 + lo;
}

/** Options of {@link randomUniform}: an explicit `seed`, else one drawn from `generator` (default: the global one). */
export interface RandomUniformOptions {
  seed?: number;
  generator?: Generator;
}

/**
 * float32 uniform in [0, 1) of `shape`, computed on the current backend: multiples of 2⁻²⁴, each from
 * 24 bits of Philox4x32-10 keyed by the seed. The same seed and shape give the same tensor everywhere.
 */
export function randomUniform(shape: Shape, opts: RandomUniformOptions = {}): Tensor {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`randomUniform: expected a shape of integers >= 0, got ${formatShape(shape)}`);
  const seed = opts.seed ?? drawSeed(opts.generator);
  if (!isSeed(seed)) throw new Error(`randomUniform: seed must be an integer in [0, ${SEED_LIMIT}), got ${seed}`);
  return dispatch('randomUniform', [], { seed }, [...shape]);
}
