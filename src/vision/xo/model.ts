/**
 * The small CNN that tells X from O: Conv2d → ReLU → MaxPool → Conv2d → ReLU → MaxPool → Linear → 2 logits.
 */
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../../nn/module.js';
import { Conv2d } from '../../nn/layers/conv.js';
import { MaxPool2d } from '../../nn/layers/pool.js';
import { Linear } from '../../nn/layers/basic.js';
import { relu } from '../../tensor/ops/activation.js';

/** Side of the feature maps after the two valid 3×3 convolutions and 2×2 pools, for a square input. */
export function xoNetFeatureSide(size: number): number {
  const side = Math.floor((Math.floor((size - 2) / 2) - 2) / 2);
  if (side < 1) throw new Error(`XoNet: input size ${size} is too small (needs ≥ 10 pixels)`);
  return side;
}

/**
 * x float32 [N, 1, S, S] → logits [N, 2] (0 = X, 1 = O). For S = 28: conv1 (8 filters 3×3) → [N, 8, 26, 26],
 * pool → [N, 8, 13, 13], conv2 (16 filters 3×3) → [N, 16, 11, 11], pool → [N, 16, 5, 5], linear 400 → 2.
 * 2,050 parameters at S = 28.
 */
export class XoNet extends Module {
  conv1: Conv2d;
  pool = new MaxPool2d(2);
  conv2: Conv2d;
  fc: Linear;

  constructor(readonly size = 28, readonly channels: readonly [number, number] = [8, 16]) {
    super();
    const side = xoNetFeatureSide(size);
    this.conv1 = new Conv2d(1, channels[0], 3);
    this.conv2 = new Conv2d(channels[0], channels[1], 3);
    this.fc = new Linear(channels[1] * side * side, 2);
  }

  forward(x: Tensor): Tensor {
    let h = this.pool.call(relu(this.conv1.call(x)));
    h = this.pool.call(relu(this.conv2.call(h)));
    return this.fc.call(h.flatten(1));
  }
}
