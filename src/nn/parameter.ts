import { Tensor } from '../tensor/tensor.js';

/** A tensor that is a learnable parameter of a Module: always requires grad, found by `parameters()`. */
export class Parameter extends Tensor {
  constructor(value: Tensor) {
    super(value.handle, value.shape, value.dtype);
    this.requiresGrad = true;
  }
}

export function isParameter(x: unknown): x is Parameter {
  return x instanceof Parameter;
}
