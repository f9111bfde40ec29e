import type { Tensor } from '../tensor/tensor.js';
import { rand, randn } from '../tensor/creation-random.js';
import type { Generator } from '../tensor/random.js';
import type { Shape } from '../engine/shape.js';
import { formatShape } from '../engine/shape.js';

/**
 * Fan-in and fan-out of a weight: Linear [out, in] → (in, out); Conv [OC, C/groups, KH, KW] →
 * (C/groups·KH·KW, OC·KH·KW), as PyTorch computes them.
 */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  const [out, inp, ...kernel] = shape;
  if (out === undefined || inp === undefined) throw new Error(`init: fan-in/fan-out need at least 2 axes, got ${formatShape(shape)}`);
  const receptive = kernel.reduce((r, d) => r * d, 1);
  return { fanIn: inp * receptive, fanOut: out * receptive };
}

export type Nonlinearity = 'linear' | 'relu' | 'leaky_relu' | 'tanh' | 'sigmoid';

/** The recommended gain for a nonlinearity (PyTorch's calculate_gain). */
export function gain(nonlinearity: Nonlinearity, param = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu':
      return Math.sqrt(2 / (1 + param * param));
  }
}

export interface InitOptions {
  generator?: Generator;
}

export function uniform(shape: Shape, low: number, high: number, opts: InitOptions = {}): Tensor {
  return rand(shape, { low, high, generator: opts.generator });
}

/** He/Kaiming uniform: U(−b, b), b = gain·√(3/fanIn). PyTorch's Conv/Linear default uses a = √5. */
export function kaimingUniform(shape: Shape, opts: InitOptions & { a?: number; nonlinearity?: Nonlinearity; mode?: 'fanIn' | 'fanOut' } = {}): Tensor {
  const { fanIn, fanOut } = fans(shape);
  const fan = opts.mode === 'fanOut' ? fanOut : fanIn;
  const g = gain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0);
  const bound = g * Math.sqrt(3 / fan);
  return uniform(shape, -bound, bound, opts);
}

export function kaimingNormal(shape: Shape, opts: InitOptions & { a?: number; nonlinearity?: Nonlinearity; mode?: 'fanIn' | 'fanOut' } = {}): Tensor {
  const { fanIn, fanOut } = fans(shape);
  const fan = opts.mode === 'fanOut' ? fanOut : fanIn;
  const std = gain(opts.nonlinearity ?? 'leaky_relu', opts.a ?? 0) / Math.sqrt(fan);
  return randn(shape, { std, generator: opts.generator });
}

/** Glorot/Xavier uniform: U(−b, b), b = gain·√(6/(fanIn + fanOut)) (Keras' default kernel initializer). */
export function xavierUniform(shape: Shape, opts: InitOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(shape);
  const bound = (opts.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, -bound, bound, opts);
}

export function xavierNormal(shape: Shape, opts: InitOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(shape);
  return randn(shape, { std: (opts.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)), generator: opts.generator });
}

/** PyTorch's default for Conv/Linear weights: kaiming_uniform with a = √5, i.e. U(−1/√fanIn, 1/√fanIn). */
export function torchDefaultWeight(shape: Shape, opts: InitOptions = {}): Tensor {
  return kaimingUniform(shape, { ...opts, a: Math.sqrt(5) });
}

/** PyTorch's default for Conv/Linear biases: U(−1/√fanIn, 1/√fanIn) with the weight's fan-in. */
export function torchDefaultBias(size: number, fanIn: number, opts: InitOptions = {}): Tensor {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniform([size], -bound, bound, opts);
}
