import { isFloat, promoteTypes } from '../../engine/dtype.js';
import { formatShape } from '../../engine/shape.js';
import type { Tensor } from '../tensor.js';
import type { Conv2dAttrs } from '../../engine/primitives.js';
import { dispatch } from '../dispatch.js';
import { pad } from './movement.js';
import { cast } from './elementwise.js';

export type Pair = number | readonly [number, number];

export function pair(v: Pair, name: string, op: string): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x))) throw new Error(`${op}: ${name} must be integers, got ${JSON.stringify(v)}`);
  return p;
}

export { windowOutputSize } from '../../engine/geometry.js';
import { windowOutputSize } from '../../engine/geometry.js';
import type { GradientRules } from '../autograd/node.js';
import { sum } from './reduce.js';

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair | 'valid' | 'same';
  dilation?: Pair;
  groups?: number;
  /** Name used in error messages (a layer name); defaults to 'conv2d'. */
  name?: string;
  /** When true, a non-integer output size (N − F + 2P)/S + 1 is an error instead of being floored. */
  strictSize?: boolean;
}

/**
 * 2-d cross-correlation, PyTorch's F.conv2d. x [N, C, H, W], w [OC, C/groups, KH, KW], b [OC] →
 * [N, OC, OH, OW] with OH = floor((H + 2P − D·(KH − 1) − 1)/S) + 1.
 */
export function conv2d(x: Tensor, w: Tensor, b: Tensor | null = null, opts: Conv2dOptions = {}): Tensor {
  const name = opts.name ?? 'conv2d';
  if (x.rank !== 4) throw new Error(`${name}: expected input [N, C, H, W], got ${formatShape(x.shape)}`);
  if (w.rank !== 4) throw new Error(`${name}: expected weight [OC, C/groups, KH, KW], got ${formatShape(w.shape)}`);
  const groups = opts.groups ?? 1;
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [oc, cg, kh, kw] = w.shape as [number, number, number, number];
  if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0 || oc % groups !== 0)
    throw new Error(`${name}: groups=${groups} must divide input channels ${c} and output channels ${oc}`);
  if (cg * groups !== c)
    throw new Error(`${name}: expected input with ${cg * groups} channels (weight ${formatShape(w.shape)}, groups ${groups}), got ${formatShape(x.shape)} with ${c}`);
  if (b && (b.rank !== 1 || b.shape[0] !== oc)) throw new Error(`${name}: expected bias [${oc}], got ${formatShape(b.shape)}`);
  // float32 meeting float64 runs in float64 (as matmul; the kernels take one float dtype).
  const dtype = promoteTypes(promoteTypes(x.dtype, w.dtype), b?.dtype ?? x.dtype);
  if (isFloat(dtype) && (x.dtype !== dtype || w.dtype !== dtype || (b && b.dtype !== dtype)))
    return conv2d(cast(x, dtype), cast(w, dtype), b ? cast(b, dtype) : null, opts);
  const stride = pair(opts.stride ?? 1, 'stride', name);
  const dilation = pair(opts.dilation ?? 1, 'dilation', name);
  let padding: [number, number];
  if (opts.padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) throw new Error(`${name}: padding 'same' needs stride 1, got ${stride.join('×')}`);
    const th = dilation[0] * (kh - 1);
    const tw = dilation[1] * (kw - 1);
    if (th % 2 || tw % 2) return conv2d(asymmetricSamePad(x, th, tw), w, b, { ...opts, padding: 0 });
    padding = [th / 2, tw / 2];
  } else padding = opts.padding === 'valid' || opts.padding === undefined ? [0, 0] : pair(opts.padding, 'padding', name);
  const sizeOpts = { layer: name, allowFraction: !opts.strictSize };
  const oh = windowOutputSize(h, kh, stride[0], padding[0], dilation[0], { ...sizeOpts, axis: 'height' });
  const ow = windowOutputSize(wd, kw, stride[1], padding[1], dilation[1], { ...sizeOpts, axis: 'width' });
  const attrs: Conv2dAttrs = { stride, padding, dilation, groups };
  return dispatch('conv2d', b ? [x, w, b] : [x, w], attrs, [n, oc, oh, ow]);
}

/** Keras/TensorFlow 'same' with an odd total padding puts the extra row/column at the bottom/right. */
function asymmetricSamePad(x: Tensor, th: number, tw: number): Tensor {
  return pad(x, [[0, 0], [0, 0], [Math.floor(th / 2), th - Math.floor(th / 2)], [Math.floor(tw / 2), tw - Math.floor(tw / 2)]]);
}

/** Gradient primitives, exposed for tests and for transposed convolution. */
export function conv2dInputGrad(dy: Tensor, w: Tensor, inputShape: readonly number[], attrs: Conv2dAttrs): Tensor {
  return dispatch('conv2dInputGrad', [dy, w], attrs, [...inputShape]);
}
export function conv2dWeightGrad(x: Tensor, dy: Tensor, weightShape: readonly number[], attrs: Conv2dAttrs): Tensor {
  return dispatch('conv2dWeightGrad', [x, dy], attrs, [...weightShape]);
}

/**
 * Gradient rules of the convolution primitives: conv2d's input and weight gradients are primitives of
 * their own, and each of the three is the others' gradient (so second derivatives exist).
 */
export const convGradients: GradientRules<'conv2d' | 'conv2dInputGrad' | 'conv2dWeightGrad'> = {
  conv2d: ({ inputs: [x, w, b], attrs, g }) => [
    x.requiresGrad ? dispatch('conv2dInputGrad', [g, w], attrs, x.shape) : null,
    w.requiresGrad ? dispatch('conv2dWeightGrad', [x, g], attrs, w.shape) : null,
    b ? sum(g, [0, 2, 3]) : null,
  ],
  conv2dInputGrad: ({ inputs: [dy, w], attrs, g }) => [
    dispatch('conv2d', [g, w], attrs, dy.shape),
    dispatch('conv2dWeightGrad', [g, dy], attrs, w.shape),
  ],
  conv2dWeightGrad: ({ inputs: [x, dy], attrs, g }) => [
    dispatch('conv2dInputGrad', [dy, g], attrs, x.shape),
    dispatch('conv2d', [x, g], attrs, dy.shape),
  ],
};
