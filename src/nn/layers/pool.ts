import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { maxPool2d, avgPool2d } from '../../tensor/ops/pool.js';
import type { Pair } from '../../tensor/ops/conv.js';
import { adaptiveAvgPool2d } from '../functional.js';

/** nn.MaxPool2d: max over KH×KW windows; stride defaults to the kernel size. */
export class MaxPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly opts: { stride?: Pair | null; padding?: Pair; dilation?: Pair; ceilMode?: boolean } = {}) {
    super();
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, { kernelSize: this.kernelSize, ...this.opts, name: 'MaxPool2d' });
  }
  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}`;
  }
}

/** nn.AvgPool2d. */
export class AvgPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly opts: { stride?: Pair | null; padding?: Pair; ceilMode?: boolean; countIncludePad?: boolean; divisorOverride?: number | null } = {},
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return avgPool2d(x, { kernelSize: this.kernelSize, ...this.opts, name: 'AvgPool2d' });
  }
  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}`;
  }
}

/** nn.AdaptiveAvgPool2d: average to a fixed [OH, OW] whatever the input size. */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: Pair) {
    super();
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `outputSize=${this.outputSize}`;
  }
}
