import type { Shape } from '../engine/shape.js';
import { sizeOf } from '../engine/shape.js';
import type { Generator } from './random.js';
import { defaultGenerator } from './random.js';
import type { Tensor } from './tensor.js';
import { fromTypedArray } from './tensor.js';

export interface RandomOptions {
  generator?: Generator;
  requiresGrad?: boolean;
}

/** Uniform in [low, high) (default [0, 1)), float32. */
export function rand(shape: Shape, opts: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  const lo = opts.low ?? 0;
  const hi = opts.high ?? 1;
  const arr = new Float32Array(sizeOf(shape));
  for (let i = 0; i < arr.length; i++) arr[i] = lo + (hi - lo) * g.uniform();
  const t = fromTypedArray(arr, shape, 'float32');
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/** Normal with `mean` and `std` (default standard normal), float32. */
export function randn(shape: Shape, opts: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  const mean = opts.mean ?? 0;
  const std = opts.std ?? 1;
  const arr = new Float32Array(sizeOf(shape));
  for (let i = 0; i < arr.length; i++) arr[i] = mean + std * g.normal();
  const t = fromTypedArray(arr, shape, 'float32');
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

/** Integers uniform in [low, high), int32. */
export function randint(low: number, high: number, shape: Shape, opts: RandomOptions = {}): Tensor {
  const g = opts.generator ?? defaultGenerator;
  const arr = new Int32Array(sizeOf(shape));
  for (let i = 0; i < arr.length; i++) arr[i] = g.int(low, high);
  return fromTypedArray(arr, shape, 'int32');
}
