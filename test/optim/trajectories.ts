/**
 * SGD and RMSprop runs whose every float32 bit is pinned by `test/fixtures/optim/sgd-rmsprop-bits.json`,
 * recorded from the typed-array implementations these optimisers had before they moved onto the
 * backend (commit 1be1fd7). Each run: two parameters ([37] and [3, 5]: SIMD bodies and tails), 6 steps
 * with pseudo-random gradients, the second parameter without a gradient at step 3 (skipped), and
 * optionally hyperparameter changes between steps (which create buffers mid-run). The result is every
 * parameter and state-dict tensor as hexadecimal float32 bit patterns.
 */
import { fromTypedArray } from '../../src/tensor/tensor.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { createOptimizer } from '../../src/optim/index.js';
import type { OptimizerName } from '../../src/optim/index.js';

export interface TrajectoryCase {
  name: string;
  op: Extract<OptimizerName, 'sgd' | 'rmsprop'>;
  opts: Record<string, number | boolean>;
  /** Hyperparameters written into every param group before the step with this (0-based) index. */
  changes?: { before: number; set: Record<string, number | boolean> };
}

/** Every tensor of a finished run, as float32 bit patterns (8 hex digits per element). */
export interface TrajectoryBits {
  params: string[];
  state: Record<string, string>;
}

export const TRAJECTORY_CASES: readonly TrajectoryCase[] = [
  { name: 'sgd plain', op: 'sgd', opts: { lr: 0.1 } },
  { name: 'sgd weight decay maximize', op: 'sgd', opts: { lr: 0.05, weightDecay: 0.01, maximize: true } },
  { name: 'sgd momentum', op: 'sgd', opts: { lr: 0.1, momentum: 0.9 } },
  { name: 'sgd momentum dampening weight decay', op: 'sgd', opts: { lr: 0.03, momentum: 0.8, dampening: 0.3, weightDecay: 0.02 } },
  { name: 'sgd nesterov', op: 'sgd', opts: { lr: 0.1, momentum: 0.9, nesterov: true } },
  { name: 'sgd nesterov weight decay maximize', op: 'sgd', opts: { lr: 0.07, momentum: 0.5, nesterov: true, weightDecay: 0.1, maximize: true } },
  { name: 'sgd momentum switched on at step 2', op: 'sgd', opts: { lr: 0.1 }, changes: { before: 2, set: { momentum: 0.9, lr: 0.02 } } },
  { name: 'rmsprop default', op: 'rmsprop', opts: {} },
  { name: 'rmsprop alpha eps maximize', op: 'rmsprop', opts: { lr: 0.005, alpha: 0.9, eps: 1e-3, maximize: true } },
  { name: 'rmsprop weight decay', op: 'rmsprop', opts: { lr: 0.01, weightDecay: 0.05 } },
  { name: 'rmsprop centered', op: 'rmsprop', opts: { lr: 0.01, centered: true } },
  { name: 'rmsprop momentum', op: 'rmsprop', opts: { lr: 0.01, momentum: 0.9 } },
  { name: 'rmsprop centered momentum weight decay', op: 'rmsprop', opts: { lr: 0.02, centered: true, momentum: 0.7, weightDecay: 0.01 } },
  { name: 'rmsprop centered and momentum switched on at step 2', op: 'rmsprop', opts: { lr: 0.01 }, changes: { before: 2, set: { centered: true, momentum: 0.5 } } },
];

const STEPS = 6;
const SHAPES: readonly (readonly number[])[] = [[37], [3, 5]];

/** Deterministic float32 values in [-scale, scale) from a 32-bit LCG. */
function values(n: number, seed: number, scale: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * scale;
  });
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The elements of a float32 tensor as 8-hex-digit bit patterns, concatenated. */
export function hexBits(t: Tensor): string {
  const data = Float32Array.from(t.dataView());
  return Array.from(new Uint32Array(data.buffer), (u) => u.toString(16).padStart(8, '0')).join('');
}

/** Runs `c` on the current backend. */
export function runTrajectory(c: TrajectoryCase): TrajectoryBits {
  const params = SHAPES.map((shape, j) => fromTypedArray(values(sizeOf(shape), 11 + j, 1), [...shape], 'float32').requiresGrad_());
  const opt = createOptimizer(c.op, params, c.opts);
  for (let t = 0; t < STEPS; t++) {
    if (c.changes && c.changes.before === t) for (const g of opt.paramGroups) Object.assign(g, c.changes.set);
    params.forEach((p, j) => {
      p.grad = j === 1 && t === 3 ? null : fromTypedArray(values(p.size, 1000 * t + 17 * j + 5, 0.5 + 0.25 * t), [...p.shape], 'float32');
    });
    opt.step();
  }
  const state: Record<string, string> = {};
  const tensors = opt.stateDict().tensors;
  for (const key of Object.keys(tensors).sort()) state[key] = hexBits(tensors[key]!);
  return { params: params.map(hexBits), state };
}
