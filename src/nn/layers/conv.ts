import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import type { AnyModule } from '../module.js';
import { Parameter } from '../parameter.js';
import { conv2d } from '../../tensor/ops/conv.js';
import type { Pair } from '../../tensor/ops/conv.js';
import { pair } from '../../tensor/ops/conv.js';
import { torchDefaultBias, torchDefaultWeight } from '../init.js';

export interface Conv2dOptions {
  stride?: Pair;
  /** Zero padding per side, or 'valid' (0) / 'same' (stride 1 only). */
  padding?: Pair | 'valid' | 'same';
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
}

/**
 * 2-d convolution layer, PyTorch's nn.Conv2d. Input [N, C_in, H, W] → [N, C_out, OH, OW] with
 * OH = floor((H + 2P − D·(K − 1) − 1)/S + 1). weight [C_out, C_in/groups, KH, KW], bias [C_out];
 * initialised as PyTorch does (Kaiming uniform with a = √5).
 */
/**
 * A layer that convolves with filters stored in PyTorch's layout [K, C/groups, kh, kw] (`nn.Conv2d`, Keras
 * `Conv2D`): what tools that draw filters or feature maps look for. Null for a lazy layer not built yet.
 */
export interface ConvolutionLayer extends Module {
  readonly convolutionFilters: Tensor | null;
}

export function isConvolutionLayer(m: AnyModule): m is ConvolutionLayer {
  return 'convolutionFilters' in m;
}

export class Conv2d extends Module implements ConvolutionLayer {
  weight: Parameter;
  bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'valid' | 'same';
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: Pair, opts: Conv2dOptions = {}) {
    super();
    this.kernelSize = pair(kernelSize, 'kernelSize', 'Conv2d');
    this.stride = pair(opts.stride ?? 1, 'stride', 'Conv2d');
    this.padding = opts.padding === 'same' || opts.padding === 'valid' ? opts.padding : pair(opts.padding ?? 0, 'padding', 'Conv2d');
    this.dilation = pair(opts.dilation ?? 1, 'dilation', 'Conv2d');
    this.groups = opts.groups ?? 1;
    for (const [name, v] of [['inChannels', inChannels], ['outChannels', outChannels], ['groups', this.groups]] as const)
      if (!Number.isInteger(v) || v < 1) throw new Error(`Conv2d: ${name} must be a positive integer, got ${v}`);
    if (inChannels % this.groups || outChannels % this.groups)
      throw new Error(`Conv2d: groups=${this.groups} must divide inChannels=${inChannels} and outChannels=${outChannels}`);
    const wShape = [outChannels, inChannels / this.groups, ...this.kernelSize];
    this.weight = new Parameter(torchDefaultWeight(wShape));
    const fanIn = (inChannels / this.groups) * this.kernelSize[0] * this.kernelSize[1];
    this.bias = opts.bias === false ? null : new Parameter(torchDefaultBias(outChannels, fanIn));
  }

  get convolutionFilters(): Tensor {
    return this.weight;
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, {
      stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups, name: this.constructor.name,
    });
  }

  override extraRepr(): string {
    const k = this.kernelSize[0] === this.kernelSize[1] ? this.kernelSize[0] : `[${this.kernelSize}]`;
    let s = `${this.inChannels}, ${this.outChannels}, kernelSize=${k}`;
    if (this.stride.some((v) => v !== 1)) s += `, stride=${this.stride[0]}`;
    if (this.padding !== 'valid' && (typeof this.padding === 'string' || this.padding.some((v) => v !== 0)))
      s += `, padding=${typeof this.padding === 'string' ? `'${this.padding}'` : this.padding[0]}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ', bias=false';
    return s;
  }
}
