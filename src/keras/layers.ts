/**
 * Keras-style layers. Inputs are channels-last ([N, H, W, C]) at the model's edge like Keras; the
 * `Sequential` model converts to Striate's internal NCHW once, so these layers see NCHW tensors. Weights
 * are created lazily on the first call, from the input's channels/features (Keras' `build`).
 */
import type { Tensor } from '../tensor/tensor.js';
import { zeros } from '../tensor/tensor.js';
import { axisLength, formatShape, hasRank } from '../engine/shape.js';
import { Module } from '../nn/module.js';
import { Parameter } from '../nn/parameter.js';
import type { ConvolutionLayer } from '../nn/layers/conv.js';
import { conv2d } from '../tensor/ops/conv.js';
import type { Pair } from '../tensor/ops/conv.js';
import { pair } from '../tensor/ops/conv.js';
import { maxPool2d, avgPool2d } from '../tensor/ops/pool.js';
import { flatten } from '../tensor/ops/movement.js';
import { relu, sigmoid, softmax, tanh, leakyRelu } from '../tensor/ops/activation.js';
import { dropout, linear } from '../nn/functional.js';
import { xavierUniform, kaimingNormal, kaimingUniform, torchDefaultWeight } from '../nn/init.js';

export type ActivationName = 'relu' | 'sigmoid' | 'softmax' | 'tanh' | 'linear' | 'leaky_relu' | null;
export type KernelInitializer = 'glorotUniform' | 'heNormal' | 'heUniform' | 'torchDefault';

export function applyActivation(x: Tensor, activation: ActivationName | undefined, layer: string): Tensor {
  switch (activation ?? null) {
    case null:
    case 'linear':
      return x;
    case 'relu':
      return relu(x);
    case 'sigmoid':
      return sigmoid(x);
    case 'tanh':
      return tanh(x);
    case 'leaky_relu':
      return leakyRelu(x, 0.3);
    case 'softmax':
      return softmax(x, 1);
    default:
      throw new Error(`${layer}: unknown activation '${String(activation)}' (expected relu, sigmoid, softmax, tanh, leaky_relu or linear)`);
  }
}

function initKernel(shape: number[], init: KernelInitializer | undefined): Tensor {
  switch (init ?? 'glorotUniform') {
    case 'glorotUniform':
      return xavierUniform(shape);
    case 'heNormal':
      return kaimingNormal(shape, { nonlinearity: 'relu' });
    case 'heUniform':
      return kaimingUniform(shape, { nonlinearity: 'relu' });
    case 'torchDefault':
      return torchDefaultWeight(shape);
  }
}

let layerCounter = new Map<string, number>();
/** Keras-style automatic layer names: conv2d, conv2d_1, dense, dense_1, … */
function autoName(base: string): string {
  const n = layerCounter.get(base) ?? 0;
  layerCounter.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}
/** Restarts automatic layer names (Keras' clear_session), e.g. between tests. */
export function resetLayerNames(): void {
  layerCounter = new Map();
}

export interface LayerOptions {
  name?: string;
  /** Shape of one example without the batch axis, channels-last for images: [H, W, C] or [features]. */
  inputShape?: number[];
}

/** Base of Keras-style layers: a Module with a name and optional declared input shape. */
export abstract class Layer extends Module {
  readonly name: string;
  readonly inputShape: number[] | undefined;
  constructor(base: string, opts: LayerOptions) {
    super();
    this.name = opts.name ?? autoName(base);
    this.inputShape = opts.inputShape;
  }
}

export interface Conv2DOptions extends LayerOptions {
  strides?: Pair;
  padding?: 'valid' | 'same';
  dilationRate?: Pair;
  activation?: ActivationName;
  useBias?: boolean;
  kernelInitializer?: KernelInitializer;
}

/** Keras Conv2D(filters, kernelSize): weights [filters, C, KH, KW] created on the first call. */
export class Conv2D extends Layer implements ConvolutionLayer {
  kernel: Parameter | null = null;
  bias: Parameter | null = null;
  readonly kernelSize: [number, number];
  constructor(readonly filters: number, kernelSize: Pair, readonly opts: Conv2DOptions = {}) {
    super('conv2d', opts);
    if (!Number.isInteger(filters) || filters < 1) throw new Error(`Conv2D: filters must be a positive integer, got ${filters}`);
    this.kernelSize = pair(kernelSize, 'kernelSize', 'Conv2D');
    if (opts.padding && opts.padding !== 'valid' && opts.padding !== 'same')
      throw new Error(`Conv2D: padding must be 'valid' or 'same', got '${String(opts.padding)}'`);
  }
  get convolutionFilters(): Tensor | null {
    return this.kernel;
  }
  /** Creates the kernel (and bias) for `channels` input channels; returns the kernel. */
  build(channels: number): Parameter {
    const kernel = new Parameter(initKernel([this.filters, channels, ...this.kernelSize], this.opts.kernelInitializer));
    this.kernel = kernel;
    if (this.opts.useBias !== false) this.bias = new Parameter(zeros([this.filters]));
    return kernel;
  }
  forward(x: Tensor): Tensor {
    if (!hasRank(x.shape, 4)) throw new Error(`${this.name} (Conv2D): expected input (batch, height, width, channels), got ${formatShape(x.shape)}`);
    const kernel = this.kernel ?? this.build(x.shape[1]);
    const y = conv2d(x, kernel, this.bias, {
      stride: this.opts.strides ?? 1, padding: this.opts.padding ?? 'valid', dilation: this.opts.dilationRate ?? 1,
      name: `${this.name} (Conv2D)`, strictSize: true,
    });
    return applyActivation(y, this.opts.activation, this.name);
  }
}

/** Keras MaxPool2D({poolSize = 2, strides = poolSize, padding}). */
export class MaxPool2D extends Layer {
  constructor(readonly opts: LayerOptions & { poolSize?: Pair; strides?: Pair; padding?: 'valid' | 'same' } = {}) {
    super('max_pooling2d', opts);
  }
  forward(x: Tensor): Tensor {
    const k = pair(this.opts.poolSize ?? 2, 'poolSize', 'MaxPool2D');
    const s = pair(this.opts.strides ?? k, 'strides', 'MaxPool2D');
    if (this.opts.padding === 'same') {
      // TensorFlow 'same': output ceil(N / S), extra padding at the end, padded cells never win.
      return maxPool2d(x, { kernelSize: k, stride: s, ceilMode: true, name: `${this.name} (MaxPool2D)` });
    }
    return maxPool2d(x, { kernelSize: k, stride: s, name: `${this.name} (MaxPool2D)` });
  }
}

export class AveragePooling2D extends Layer {
  constructor(readonly opts: LayerOptions & { poolSize?: Pair; strides?: Pair } = {}) {
    super('average_pooling2d', opts);
  }
  forward(x: Tensor): Tensor {
    const k = pair(this.opts.poolSize ?? 2, 'poolSize', 'AveragePooling2D');
    return avgPool2d(x, { kernelSize: k, stride: this.opts.strides ?? k, name: `${this.name} (AveragePooling2D)` });
  }
}

export class Flatten extends Layer {
  constructor(opts: LayerOptions = {}) {
    super('flatten', opts);
  }
  forward(x: Tensor): Tensor {
    return flatten(x, 1);
  }
}

export interface DenseOptions extends LayerOptions {
  activation?: ActivationName;
  useBias?: boolean;
  kernelInitializer?: KernelInitializer;
}

/** Keras Dense(units): y = activation(x·Wᵀ + b), W [units, inFeatures] created on the first call. */
export class Dense extends Layer {
  kernel: Parameter | null = null;
  bias: Parameter | null = null;
  constructor(readonly units: number, readonly opts: DenseOptions = {}) {
    super('dense', opts);
    if (!Number.isInteger(units) || units < 1) throw new Error(`Dense: units must be a positive integer, got ${units}`);
  }
  /** Creates the kernel (and bias) for `features` input features; returns the kernel. */
  build(features: number): Parameter {
    const kernel = new Parameter(initKernel([this.units, features], this.opts.kernelInitializer));
    this.kernel = kernel;
    if (this.opts.useBias !== false) this.bias = new Parameter(zeros([this.units]));
    return kernel;
  }
  forward(x: Tensor): Tensor {
    const kernel = this.kernel ?? this.build(axisLength(x.shape, x.rank - 1, `${this.name} (Dense): the input's features`));
    const y = linear(x, kernel, this.bias, `${this.name} (Dense)`);
    return applyActivation(y, this.opts.activation, this.name);
  }
}

export class Dropout extends Layer {
  constructor(readonly rate: number, opts: LayerOptions = {}) {
    super('dropout', opts);
    if (!(rate >= 0 && rate < 1)) throw new Error(`Dropout: rate must be in [0, 1), got ${rate}`);
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.rate, this.training);
  }
}

export class ReLU extends Layer {
  constructor(opts: LayerOptions = {}) {
    super('re_lu', opts);
  }
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class Softmax extends Layer {
  constructor(opts: LayerOptions & { axis?: number } = {}) {
    super('softmax', opts);
  }
  forward(x: Tensor): Tensor {
    return softmax(x, 1);
  }
}

export class Activation extends Layer {
  constructor(readonly activation: ActivationName, opts: LayerOptions = {}) {
    super('activation', opts);
  }
  forward(x: Tensor): Tensor {
    return applyActivation(x, this.activation, this.name);
  }
}
