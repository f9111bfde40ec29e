/**
 * Grad-CAM (Selvaraju et al. 2017): where in the image a convolution layer found evidence for a class.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import { fromTypedArray } from '../tensor/tensor.js';
import { noGrad } from '../tensor/autograd/node.js';
import { classScore, findConvLayer, singleImageLayout, withFrozenModel } from './conv-layers.js';
import { upsampleBilinear } from './upsample.js';

export interface GradCamOptions {
  /** Class to explain (default: the predicted one). */
  classIndex?: number;
  /** Name of the convolution layer (see `convLayers`); default the last one. */
  layer?: string;
}

export interface GradCamResult {
  /** float32 [H, W] in [0, 1] at the input's resolution (all zeros when no positive evidence was found). */
  heatmap: Tensor;
  /** float32 [h, w]: ReLU(Σ_k w_k A_k) at the layer's resolution, before upsampling and normalising. */
  raw: Tensor;
  classIndex: number;
  layer: string;
  /** The explained class's score (logit). */
  score: number;
}

/**
 * With A `[K, h, w]` the chosen layer's output and s the class logit: w_k = mean over (h, w) of ∂s/∂A_k,
 * cam = ReLU(Σ_k w_k A_k), upsampled bilinearly (align_corners = false) to the input size and divided by
 * its maximum. `x`: one image `[1, C, H, W]` (`[1, H, W, C]` for a channels-last Keras model).
 */
export function gradCam(model: Module, x: Tensor, opts: GradCamOptions = {}): GradCamResult {
  const layout = singleImageLayout(model, x, 'gradCam');
  const layer = findConvLayer(model, opts.layer, 'gradCam');
  const captured: { activation: Tensor | null } = { activation: null }; // A [1, K, h, w], first call only
  const remove = layer.module.registerForwardHook((_m, _inputs, output) => {
    if (!captured.activation) captured.activation = output.retainGrad();
  });
  // The input requires grad only so that the graph through the layer is recorded; parameters stay frozen.
  const input = x.detach().requiresGrad_();
  let picked: { score: Tensor; classIndex: number };
  try {
    picked = withFrozenModel(model, () => {
      const p = classScore(model.call(input), opts.classIndex, 'gradCam');
      if (captured.activation) p.score.backward();
      return p;
    });
  } finally {
    remove();
  }
  const a = captured.activation;
  if (!a) throw new Error(`gradCam: layer '${layer.name}' was not called by the model's forward pass`);
  if (a.rank !== 4) throw new Error(`gradCam: layer '${layer.name}' returned shape [${a.shape.join(', ')}], expected [1, K, h, w]`);
  const gradA = a.grad;
  const [, k, h, w] = a.shape as [number, number, number, number];
  const raw = noGrad(() => {
    const A = a.detach().reshape([k, h * w]); // [K, h·w]
    if (!gradA) return fromTypedArray(new Float32Array(h * w), [h, w], 'float32'); // the score ignores this layer
    const weights = gradA.reshape([k, h * w]).mean(1).reshape([1, k]); // [1, K]
    return weights.matmul(A).relu().reshape([h, w]);
  });
  const up = upsampleBilinear(raw, layout.height, layout.width);
  const peak = up.max().item();
  const heatmap = peak > 0 ? up.div(peak) : up.mul(0);
  return { heatmap, raw, classIndex: picked.classIndex, layer: layer.name, score: picked.score.item() };
}
