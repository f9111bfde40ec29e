import type { Tensor } from '../../tensor/tensor.js';
import { formatShape } from '../../engine/shape.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { relu, leakyRelu, sigmoid, tanh, softmax, logSoftmax } from '../../tensor/ops/activation.js';
import { flatten } from '../../tensor/ops/movement.js';
import { dropout, linear } from '../functional.js';
import { torchDefaultBias, torchDefaultWeight } from '../init.js';

/** nn.Linear: y = x·Wᵀ + b. x [..., inFeatures] → [..., outFeatures]; weight [out, in]. */
export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: { bias?: boolean } = {}) {
    super();
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const)
      if (!Number.isInteger(v) || v < 1) throw new Error(`Linear: ${name} must be a positive integer, got ${v}`);
    this.weight = new Parameter(torchDefaultWeight([outFeatures, inFeatures]));
    this.bias = opts.bias === false ? null : new Parameter(torchDefaultBias(outFeatures, inFeatures));
  }
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias, 'Linear');
  }
  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}${this.bias ? '' : ', bias=false'}`;
  }
}

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class Softmax extends Module {
  constructor(readonly dim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

export class LogSoftmax extends Module {
  constructor(readonly dim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.dim);
  }
}

/** nn.Flatten: merges axes startDim..endDim (default: all but the batch axis). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    if (x.rank <= this.startDim) throw new Error(`Flatten: expected at least ${this.startDim + 1} axes, got ${formatShape(x.shape)}`);
    return flatten(x, this.startDim, this.endDim);
  }
}

/** nn.Dropout: active only in training mode. */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new Error(`Dropout: p must be in [0, 1], got ${p}`);
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/** nn.Sequential: applies its layers in order. */
export class Sequential extends Module {
  readonly layers: Module[];
  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }
  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.call(y);
    return y;
  }
  override namedChildren(): [string, Module][] {
    return this.layers.map((m, i) => [String(i), m]);
  }
}
