import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import type { CrossEntropyOptions, NllOptions, Reduction } from '../losses.js';
import { binaryCrossEntropyWithLogits, crossEntropy, l1Loss, mseLoss, nllLoss, smoothL1Loss } from '../losses.js';

/** nn.CrossEntropyLoss: `call(logits, targets)` → scalar loss. Every loss layer is a `Module<[input, target]>`. */
export class CrossEntropyLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly opts: CrossEntropyOptions = {}) {
    super();
  }
  forward(logits: Tensor, target: Tensor): Tensor {
    return crossEntropy(logits, target, this.opts);
  }
}

export class NLLLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly opts: NllOptions = {}) {
    super();
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, this.opts);
  }
}

export class BCEWithLogitsLoss extends Module<[Tensor, Tensor]> {
  constructor(readonly opts: { weight?: Tensor | null; posWeight?: Tensor | null; reduction?: Reduction } = {}) {
    super();
  }
  forward(logits: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(logits, target, this.opts);
  }
}

export class MSELoss extends Module<[Tensor, Tensor]> {
  constructor(readonly opts: { reduction?: Reduction } = {}) {
    super();
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.opts);
  }
}

export class L1Loss extends Module<[Tensor, Tensor]> {
  constructor(readonly opts: { reduction?: Reduction } = {}) {
    super();
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, this.opts);
  }
}

export class SmoothL1Loss extends Module<[Tensor, Tensor]> {
  constructor(readonly opts: { beta?: number; reduction?: Reduction } = {}) {
    super();
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, this.opts);
  }
}
