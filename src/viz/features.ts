/**
 * What the convolution layers compute: the activation maps of every conv layer for one input, and the
 * first layer's filters (the only ones that are directly images).
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from '../nn/module.js';
import { noGrad } from '../tensor/autograd/node.js';
import { convLayers, withFrozenModel } from './conv-layers.js';

/** One conv layer's output for the first image of the batch. */
export interface FeatureMap {
  /** Dotted module name (`conv1`) or Keras layer name (`conv2d_1`). */
  name: string;
  /** [C, H, W]: the layer's output channels (for Keras layers, after the layer's own activation). */
  tensor: Tensor;
}

/**
 * Runs `model` on `x` (eval mode, no gradients) and returns, in call order, the output of every Conv2d /
 * Conv2D layer for the batch's first image. A layer called more than once is reported at its first call.
 */
export function featureMaps(model: Module, x: Tensor): FeatureMap[] {
  const captured: FeatureMap[] = [];
  const seen = new Set<string>();
  const removers = convLayers(model).map((layer) =>
    layer.module.registerForwardHook((_m, _inputs, output) => {
      if (seen.has(layer.name)) return;
      seen.add(layer.name);
      if (output.rank !== 4) throw new Error(`featureMaps: layer '${layer.name}' returned shape [${output.shape.join(', ')}], expected [N, C, H, W]`);
      const [, c, h, w] = output.shape as [number, number, number, number];
      captured.push({ name: layer.name, tensor: output.slice([0], [1]).reshape([c, h, w]) });
    }),
  );
  try {
    withFrozenModel(model, () => noGrad(() => model.call(x)));
  } finally {
    for (const remove of removers) remove();
  }
  return captured;
}

/** The first convolution layer's filters. */
export interface LayerFilters {
  name: string;
  /** [K, C, kh, kw] as stored (PyTorch layout). */
  weight: Tensor;
}

/** The filters of the model's first convolution layer (declaration order); an error if there is none or it is not built. */
export function firstLayerFilters(model: Module): LayerFilters {
  const first = convLayers(model)[0];
  if (!first) throw new Error(`firstLayerFilters: the model ${model.constructor.name} has no Conv2d layer`);
  if (!first.weight) throw new Error(`firstLayerFilters: layer '${first.name}' has no weights yet (a Keras layer is built on the first call)`);
  return { name: first.name, weight: first.weight.detach() };
}

/**
 * Filters `[K, C, kh, kw]` as tiles for `tileImages`: kept as `[K, C, kh, kw]` when C is 1 or 3 (grey or
 * colour filters), otherwise one grey tile per (filter, input channel): `[K·C, kh, kw]`.
 */
export function filterTiles(weight: Tensor): Tensor {
  if (weight.rank !== 4) throw new Error(`filterTiles: expected filters [K, C, kh, kw], got [${weight.shape.join(', ')}]`);
  const [k, c, kh, kw] = weight.shape as [number, number, number, number];
  return c === 1 || c === 3 ? weight : weight.reshape([k * c, kh, kw]);
}
