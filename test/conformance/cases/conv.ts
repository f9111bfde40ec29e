/**
 * Cases of conv2d and its two gradient primitives. Geometries are drawn per case: groups 1–3, kernels
 * 1–4 per axis, stride 1–3, padding 0–2, dilation 1–3, with and without bias, plus the special shapes
 * the kernels treat apart: pointwise 1×1 (no im2col), depthwise (groups = channels), stride larger than
 * the kernel, a larger layer (SIMD tiles, thread splits over images and channels), an empty batch and
 * special values. The gradient primitives get the geometries of the same generator.
 */
import type { Conv2dAttrs } from '../../../src/engine/primitives.js';
import { windowOutputSize } from '../../../src/engine/geometry.js';
import type { PrimitiveCase, Rng } from '../case.js';
import { describeInputs, int, rngFor, uniform, withSpecials } from '../case.js';

interface ConvGeometry {
  readonly x: number[];
  readonly w: number[];
  readonly y: number[];
  readonly attrs: Conv2dAttrs;
}

interface Limits {
  n: number;
  groups: number;
  perGroup: number;
  k: number;
  stride: number;
  pad: number;
  dilation: number;
}

const SMALL: Limits = { n: 2, groups: 3, perGroup: 2, k: 3, stride: 2, pad: 1, dilation: 2 };

function geometry(n: number, c: number, h: number, w: number, oc: number, kh: number, kw: number, attrs: Conv2dAttrs): ConvGeometry {
  const size = { layer: 'conformance', allowFraction: true } as const;
  const oh = windowOutputSize(h, kh, attrs.stride[0], attrs.padding[0], attrs.dilation[0], { ...size, axis: 'height' });
  const ow = windowOutputSize(w, kw, attrs.stride[1], attrs.padding[1], attrs.dilation[1], { ...size, axis: 'width' });
  return { x: [n, c, h, w], w: [oc, c / attrs.groups, kh, kw], y: [n, oc, oh, ow], attrs };
}

/** A random geometry within `l` whose window fits the input (sizes a few taps beyond the dilated kernel). */
function randomGeometry(rng: Rng, l: Limits): ConvGeometry {
  const groups = int(rng, 1, l.groups);
  const c = groups * int(rng, 1, l.perGroup);
  const oc = groups * int(rng, 1, l.perGroup);
  const kh = int(rng, 1, l.k);
  const kw = int(rng, 1, l.k);
  const attrs: Conv2dAttrs = {
    stride: [int(rng, 1, l.stride), int(rng, 1, l.stride)],
    padding: [int(rng, 0, l.pad), int(rng, 0, l.pad)],
    dilation: [int(rng, 1, l.dilation), int(rng, 1, l.dilation)],
    groups,
  };
  const h = attrs.dilation[0] * (kh - 1) + 1 + int(rng, 0, 3);
  const w = attrs.dilation[1] * (kw - 1) + 1 + int(rng, 0, 3);
  return geometry(int(rng, 1, l.n), c, h, w, oc, kh, kw, attrs);
}

const attrs = (stride: number, padding: number, dilation: number, groups: number): Conv2dAttrs => ({
  stride: [stride, stride], padding: [padding, padding], dilation: [dilation, dilation], groups,
});

/** The fixed geometries every conv primitive runs, by name; `smooth` ones are gradient-checked. */
function namedGeometries(): { name: string; g: ConvGeometry; smooth: boolean }[] {
  return [
    { name: 'pointwise 1×1', g: geometry(2, 3, 4, 5, 4, 1, 1, attrs(1, 0, 1, 1)), smooth: true },
    { name: 'depthwise', g: geometry(1, 3, 5, 4, 3, 3, 2, attrs(1, 1, 1, 3)), smooth: true },
    { name: 'stride larger than the kernel', g: geometry(1, 2, 7, 8, 2, 2, 2, attrs(3, 0, 1, 1)), smooth: true },
    { name: 'larger layer', g: geometry(2, 8, 12, 11, 16, 3, 3, attrs(1, 1, 1, 1)), smooth: false },
    { name: 'larger, strided and dilated, groups 2', g: geometry(3, 6, 13, 12, 8, 3, 3, { stride: [2, 1], padding: [2, 1], dilation: [2, 1], groups: 2 }), smooth: false },
    { name: 'empty batch', g: geometry(0, 2, 5, 5, 3, 3, 3, attrs(1, 1, 1, 1)), smooth: false },
  ];
}

function geometries(prim: string): { name: string; g: ConvGeometry; smooth: boolean }[] {
  const rng = rngFor(`${prim} geometry`);
  const random = Array.from({ length: 4 }, (_, i) => ({ name: `random ${i}`, g: randomGeometry(rng, SMALL), smooth: true }));
  return [...random, ...namedGeometries()];
}

const describeAttrs = (a: Conv2dAttrs): string =>
  `s${a.stride.join('×')} p${a.padding.join('×')} d${a.dilation.join('×')} g${a.groups}`;

function conv2dCases(): PrimitiveCase<'conv2d'>[] {
  const rng = rngFor('conv2d');
  const cases: PrimitiveCase<'conv2d'>[] = [];
  for (const [i, { name, g, smooth }] of geometries('conv2d').entries()) {
    const x = uniform(rng, g.x);
    const w = uniform(rng, g.w);
    const inputs: [typeof x, typeof w, typeof x?] = i % 2 === 0 ? [x, w, uniform(rng, [g.w[0]!])] : [x, w];
    cases.push({ name: `${name} ${describeInputs(inputs)} ${describeAttrs(g.attrs)}`, inputs, attrs: g.attrs, out: g.y, gradient: smooth });
  }
  const g = geometry(1, 2, 6, 6, 3, 3, 3, attrs(1, 1, 1, 1));
  cases.push({
    name: 'special values', inputs: [withSpecials(rng, g.x, 0.05), uniform(rng, g.w), withSpecials(rng, [3], 0.3)], attrs: g.attrs, out: g.y, gradient: false,
  });
  return cases;
}

function conv2dInputGradCases(): PrimitiveCase<'conv2dInputGrad'>[] {
  const rng = rngFor('conv2dInputGrad');
  return geometries('conv2dInputGrad').map(({ name, g, smooth }) => {
    const dy = uniform(rng, g.y);
    const w = uniform(rng, g.w);
    return { name: `${name} ${describeInputs([dy, w])} ${describeAttrs(g.attrs)}`, inputs: [dy, w], attrs: g.attrs, out: g.x, gradient: smooth };
  });
}

function conv2dWeightGradCases(): PrimitiveCase<'conv2dWeightGrad'>[] {
  const rng = rngFor('conv2dWeightGrad');
  return geometries('conv2dWeightGrad').map(({ name, g, smooth }) => {
    const x = uniform(rng, g.x);
    const dy = uniform(rng, g.y);
    return { name: `${name} ${describeInputs([x, dy])} ${describeAttrs(g.attrs)}`, inputs: [x, dy], attrs: g.attrs, out: g.w, gradient: smooth };
  });
}

export const convCaseTable = {
  conv2d: conv2dCases(),
  conv2dInputGrad: conv2dInputGradCases(),
  conv2dWeightGrad: conv2dWeightGradCases(),
};
