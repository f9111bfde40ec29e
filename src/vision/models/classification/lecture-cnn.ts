import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../../nn/module.js';
import { Conv2d } from '../../../nn/layers/conv.js';
import { MaxPool2d } from '../../../nn/layers/pool.js';
import { Flatten, Linear } from '../../../nn/layers/basic.js';
import { windowOutputSize } from '../../../tensor/ops/conv.js';

export interface LectureCnnConfig {
  /** Input [C, H, W]; Fashion-MNIST is [1, 28, 28]. */
  inputShape: [number, number, number];
  numClasses: number;
}

/**
 * The lecture's "putting it all together" CNN: Conv2d(32, 3) → ReLU → MaxPool 2×2 → Conv2d(64, 3) → ReLU →
 * MaxPool 2×2 → Flatten → Linear(1024) → ReLU → Linear(numClasses). It outputs logits; softmax is applied
 * by the loss (cross-entropy) or at prediction time. On [1, 28, 28] it has 1,668,490 parameters; on
 * [3, 32, 32] it flattens to 64·6·6 = 2,304 features.
 */
export class LectureCNN extends Module {
  conv1: Conv2d;
  pool: MaxPool2d;
  conv2: Conv2d;
  flatten = new Flatten();
  fc1: Linear;
  fc2: Linear;
  readonly flatFeatures: number;

  constructor(readonly config: LectureCnnConfig = { inputShape: [1, 28, 28], numClasses: 10 }) {
    super();
    const [c, h, w] = config.inputShape;
    this.conv1 = new Conv2d(c, 32, 3);
    this.pool = new MaxPool2d(2);
    this.conv2 = new Conv2d(32, 64, 3);
    const side = (n: number): number => {
      const opt = { layer: 'LectureCNN', axis: 'size', allowFraction: true };
      const a = windowOutputSize(n, 3, 1, 0, 1, opt);
      const b = windowOutputSize(a, 2, 2, 0, 1, opt);
      const d = windowOutputSize(b, 3, 1, 0, 1, opt);
      return windowOutputSize(d, 2, 2, 0, 1, opt);
    };
    this.flatFeatures = 64 * side(h) * side(w);
    this.fc1 = new Linear(this.flatFeatures, 1024);
    this.fc2 = new Linear(1024, config.numClasses);
  }

  forward(x: Tensor): Tensor {
    let y = this.pool.call(this.conv1.call(x).relu()); // [N, 32, 13, 13] for 28×28
    y = this.pool.call(this.conv2.call(y).relu()); // [N, 64, 5, 5]
    y = this.flatten.call(y); // [N, 1600]
    y = this.fc1.call(y).relu(); // [N, 1024]
    return this.fc2.call(y); // [N, numClasses] logits
  }
}
