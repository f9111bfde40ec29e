/**
 * Finding the convolution layers of a model (PyTorch-style `nn.Conv2d` or Keras-style `Conv2D`) by
 * walking its `Module` tree, and running a model for attribution (input gradients only, eval mode).
 */
import type { Tensor } from '../tensor/tensor.js';
import type { AnyModule } from '../nn/module.js';
import type { ConvolutionLayer } from '../nn/layers/conv.js';
import { isConvolutionLayer } from '../nn/layers/conv.js';
import { hasRank } from '../engine/shape.js';

/** A convolution layer with its dotted module name (e.g. `conv1`, `features.0`). */
export interface ConvLayer {
  name: string;
  /** The layer itself (one tensor in, one tensor out). */
  module: ConvolutionLayer;
  /** Filters [K, C/groups, kh, kw] (PyTorch layout, for both styles); null for a Keras layer not built yet. */
  weight: Tensor | null;
}

/** Every convolution layer of `model` in declaration order (depth first), which for plain CNNs is forward order. */
export function convLayers(model: AnyModule): ConvLayer[] {
  const out: ConvLayer[] = [];
  for (const [name, m] of model.namedModules()) {
    // Dotted module names: `conv1`, `features.0`; in a Keras model the layer names (`conv2d`, `conv2d_1`, …).
    if (isConvolutionLayer(m)) out.push({ name: name || 'conv', module: m, weight: m.convolutionFilters });
  }
  return out;
}

/** The named convolution layer, or (name undefined) the last one; errors list the names there are. */
export function findConvLayer(model: AnyModule, name: string | undefined, caller: string): ConvLayer {
  const layers = convLayers(model);
  const last = layers.at(-1);
  if (last === undefined) throw new Error(`${caller}: the model ${model.constructor.name} has no Conv2d layer`);
  if (name === undefined) return last;
  const found = layers.find((l) => l.name === name);
  if (!found) throw new Error(`${caller}: no convolution layer named '${name}' (the model has ${layers.map((l) => l.name).join(', ')})`);
  return found;
}

/**
 * Runs `fn` with the model in eval mode and its parameters not requiring grad (so a backward pass for
 * an attribution map leaves their `.grad` untouched); restores both afterwards.
 */
export function withFrozenModel<T>(model: AnyModule, fn: () => T): T {
  const wasTraining = model.training;
  const saved = model.parameters().map((p) => ({ p, required: p.requiresGrad }));
  model.eval();
  for (const { p } of saved) p.requiresGrad = false;
  try {
    return fn();
  } finally {
    for (const { p, required } of saved) p.requiresGrad = required;
    model.train(wasTraining);
  }
}

/**
 * The class score to explain: logits `[1, numClasses]` → the scalar logit of `classIndex` (default: the
 * arg-max, i.e. the predicted class). Scores are pre-softmax logits, as in the Grad-CAM paper.
 */
export function classScore(logits: Tensor, classIndex: number | undefined, caller: string): { score: Tensor; classIndex: number } {
  if (!hasRank(logits.shape, 2) || logits.shape[0] !== 1)
    throw new Error(`${caller}: expected the model to return logits [1, numClasses], got [${logits.shape.join(', ')}]`);
  const [, n] = logits.shape;
  const c = classIndex ?? logits.detach().argmax(1).item();
  if (!Number.isInteger(c) || c < 0 || c >= n) throw new Error(`${caller}: classIndex must be an integer in [0, ${n - 1}], got ${c}`);
  return { score: logits.slice([0, c], [1, c + 1]).sum(), classIndex: c };
}

/** Where channels and pixels are in a model's input: NCHW, or NHWC for a channels-last model (`imageDataFormat`). */
export interface InputLayout {
  channelAxis: 1 | 3;
  height: number;
  width: number;
}

/** Checks an attribution input (one image, float32, rank 4) and reads its layout for `model`. */
export function singleImageLayout(model: AnyModule, x: Tensor, caller: string): InputLayout {
  const channelsLast = model.imageDataFormat() === 'channelsLast';
  if (x.dtype !== 'float32' || !hasRank(x.shape, 4) || x.shape[0] !== 1)
    throw new Error(`${caller}: expected one image float32 ${channelsLast ? '[1, H, W, C]' : '[1, C, H, W]'}, got ${x.dtype} [${x.shape.join(', ')}]`);
  const [, a, b, c] = x.shape;
  return channelsLast ? { channelAxis: 3, height: a, width: b } : { channelAxis: 1, height: b, width: c };
}
