/**
 * Vanilla gradient saliency (Simonyan et al. 2014): how much each input pixel moves the class score.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import { classScore, singleImageLayout, withFrozenModel } from './conv-layers.js';

/**
 * |∂ score_c / ∂ x| with the maximum over channels. `x`: one image `[1, C, H, W]` (NHWC `[1, H, W, C]` for a
 * channels-last Keras model); `classIndex` defaults to the predicted class. Returns float32 `[H, W]`,
 * not normalised (use `tileImages`/`toUint8Image` with 'minmax' to view it). The model's parameters get
 * no gradients and its training mode is restored.
 */
export function saliency(model: Module, x: Tensor, classIndex?: number): Tensor {
  const layout = singleImageLayout(model, x, 'saliency');
  const input = x.detach().requiresGrad_();
  const grad = withFrozenModel(model, () => {
    classScore(model.call(input), classIndex, 'saliency').score.backward();
    return input.grad;
  });
  if (!grad) throw new Error('saliency: the class score does not depend on the input (no gradient reached it)');
  return grad.abs().max(layout.channelAxis).reshape([layout.height, layout.width]);
}
