/**
 * Cases of the pooling primitives: kernels 1–3 per axis, strides 1–3 (overlapping and gapped windows),
 * padding up to half the kernel (PyTorch's limit), dilation (max pooling only, as in PyTorch), ceil mode
 * (windows running past the padded input), countIncludePad and divisorOverride for average pooling, a
 * larger input (thread splits over planes), an empty batch, and for max pooling ties (the first maximum
 * wins), -Inf and NaN. Max pooling's gradient cases use all-distinct values (a tie is a kink).
 */
import type { AvgPool2dAttrs, Pool2dAttrs } from '../../../src/engine/primitives.js';
import { windowOutputSize } from '../../../src/engine/geometry.js';
import type { PrimitiveCase, Rng } from '../case.js';
import { describeInputs, distinct, edited, grid, int, rngFor, uniform, withSpecials } from '../case.js';

interface PoolGeometry<A extends Pool2dAttrs> {
  readonly x: number[];
  readonly y: number[];
  readonly attrs: A;
}

function outputShape(x: readonly number[], a: Pool2dAttrs, ceilMode: boolean): number[] {
  const [n = 0, c = 0, h = 0, w = 0] = x;
  const size = { layer: 'conformance', allowFraction: true, ceilMode } as const;
  const oh = windowOutputSize(h, a.kernelSize[0], a.stride[0], a.padding[0], a.dilation[0], { ...size, axis: 'height' });
  const ow = windowOutputSize(w, a.kernelSize[1], a.stride[1], a.padding[1], a.dilation[1], { ...size, axis: 'width' });
  return [n, c, oh, ow];
}

/** Random window attributes (dilation only when `dilated`), with an input a few taps beyond the window. */
function randomWindow(rng: Rng, dilated: boolean, maxN = 2): { x: number[]; a: Pool2dAttrs; ceilMode: boolean } {
  const k: [number, number] = [int(rng, 1, 3), int(rng, 1, 3)];
  const a: Pool2dAttrs = {
    kernelSize: k,
    stride: [int(rng, 1, 3), int(rng, 1, 3)],
    padding: [int(rng, 0, Math.floor(k[0] / 2)), int(rng, 0, Math.floor(k[1] / 2))],
    dilation: dilated ? [int(rng, 1, 2), int(rng, 1, 2)] : [1, 1],
  };
  const h = a.dilation[0] * (k[0] - 1) + 1 + int(rng, 0, 4);
  const w = a.dilation[1] * (k[1] - 1) + 1 + int(rng, 0, 4);
  return { x: [int(rng, 1, maxN), int(rng, 1, 3), h, w], a, ceilMode: rng() < 0.5 };
}

const describeWindow = (a: Pool2dAttrs, ceilMode: boolean): string =>
  `k${a.kernelSize.join('×')} s${a.stride.join('×')} p${a.padding.join('×')} d${a.dilation.join('×')}${ceilMode ? ' ceil' : ''}`;

function maxGeometries(prim: string): { name: string; g: PoolGeometry<Pool2dAttrs>; smooth: boolean }[] {
  const rng = rngFor(`${prim} geometry`);
  const out: { name: string; g: PoolGeometry<Pool2dAttrs>; smooth: boolean }[] = [];
  for (let i = 0; i < 5; i++) {
    const { x, a, ceilMode } = randomWindow(rng, true);
    out.push({ name: describeWindow(a, ceilMode), g: { x, y: outputShape(x, a, ceilMode), attrs: a }, smooth: true });
  }
  // [name, input shape, attributes, ceil mode, gradient-checked]
  const fixed: [string, number[], Pool2dAttrs, boolean, boolean][] = [
    ['2×2 stride 2', [1, 2, 4, 6], { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] }, false, true],
    ['overlapping 3×3 stride 2 padded, ceil', [1, 1, 6, 6], { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1] }, true, true],
    ['larger input', [2, 6, 17, 16], { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1] }, false, false],
    ['empty batch', [0, 2, 4, 4], { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1] }, false, false],
  ];
  for (const [name, x, a, ceilMode, smooth] of fixed) out.push({ name, g: { x, y: outputShape(x, a, ceilMode), attrs: a }, smooth });
  return out;
}

function avgGeometries(prim: string): { name: string; g: PoolGeometry<AvgPool2dAttrs>; smooth: boolean }[] {
  const rng = rngFor(`${prim} geometry`);
  const out: { name: string; g: PoolGeometry<AvgPool2dAttrs>; smooth: boolean }[] = [];
  const options: [boolean, number | null][] = [[true, null], [false, null], [true, 4], [false, 3], [true, null], [false, null]];
  for (const [countIncludePad, divisorOverride] of options) {
    const { x, a, ceilMode } = randomWindow(rng, false);
    const attrs: AvgPool2dAttrs = { ...a, countIncludePad, divisorOverride };
    const name = `${describeWindow(a, ceilMode)}${countIncludePad ? '' : ' excluding pad'}${divisorOverride === null ? '' : ` divisor ${divisorOverride}`}`;
    out.push({ name, g: { x, y: outputShape(x, a, ceilMode), attrs }, smooth: true });
  }
  const base: Pool2dAttrs = { kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1] };
  const larger: AvgPool2dAttrs = { ...base, countIncludePad: false, divisorOverride: null };
  out.push({ name: 'larger input, ceil', g: { x: [2, 5, 16, 17], y: outputShape([2, 5, 16, 17], base, true), attrs: larger }, smooth: false });
  out.push({ name: 'empty batch', g: { x: [0, 1, 4, 4], y: outputShape([0, 1, 4, 4], base, false), attrs: larger }, smooth: false });
  return out;
}

function maxPool2dCases(): PrimitiveCase<'maxPool2d'>[] {
  const rng = rngFor('maxPool2d');
  const cases: PrimitiveCase<'maxPool2d'>[] = maxGeometries('maxPool2d').map(({ name, g, smooth }) => {
    const x = smooth ? distinct(rng, g.x) : uniform(rng, g.x, -4, 4);
    return { name: `${name} ${describeInputs([x])}`, inputs: [x], attrs: g.attrs, out: g.y, gradient: smooth };
  });
  const a: Pool2dAttrs = { kernelSize: [2, 3], stride: [1, 2], padding: [1, 1], dilation: [1, 1] };
  const x = [2, 2, 5, 6];
  const y = outputShape(x, a, false);
  cases.push({ name: 'ties', inputs: [grid(rng, x)], attrs: a, out: y, gradient: false });
  cases.push({ name: 'NaN and ±Inf', inputs: [withSpecials(rng, x, 0.3)], attrs: a, out: y, gradient: false });
  cases.push({ name: 'all -Inf (padding never wins)', inputs: [edited(uniform(rng, x), (d) => d.fill(-Infinity))], attrs: a, out: y, gradient: false });
  return cases;
}

/** maxPool2dGrad (not differentiable: forward only): dy goes to each window's first maximum, ties included. */
function maxPool2dGradCases(): PrimitiveCase<'maxPool2dGrad'>[] {
  const rng = rngFor('maxPool2dGrad');
  const cases: PrimitiveCase<'maxPool2dGrad'>[] = maxGeometries('maxPool2dGrad').map(({ name, g }, i) => {
    const x = i % 2 === 0 ? grid(rng, g.x) : uniform(rng, g.x, -4, 4);
    const dy = uniform(rng, g.y, -2, 2);
    return { name: `${name} ${describeInputs([x, dy])}`, inputs: [x, dy], attrs: g.attrs, out: g.x, gradient: false };
  });
  const a: Pool2dAttrs = { kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1] };
  const x = [1, 2, 5, 5];
  cases.push({ name: 'NaN, ±Inf, overlapping windows', inputs: [withSpecials(rng, x, 0.3), uniform(rng, outputShape(x, a, false))], attrs: a, out: x, gradient: false });
  return cases;
}

function avgPool2dCases(): PrimitiveCase<'avgPool2d'>[] {
  const rng = rngFor('avgPool2d');
  const cases: PrimitiveCase<'avgPool2d'>[] = avgGeometries('avgPool2d').map(({ name, g, smooth }) => {
    const x = uniform(rng, g.x, -2, 2);
    return { name: `${name} ${describeInputs([x])}`, inputs: [x], attrs: g.attrs, out: g.y, gradient: smooth };
  });
  const a: AvgPool2dAttrs = { kernelSize: [2, 2], stride: [2, 2], padding: [1, 1], dilation: [1, 1], countIncludePad: true, divisorOverride: null };
  const x = [1, 2, 5, 5];
  cases.push({ name: 'NaN and ±Inf', inputs: [withSpecials(rng, x, 0.2)], attrs: a, out: outputShape(x, a, true), gradient: false });
  return cases;
}

function avgPool2dGradCases(): PrimitiveCase<'avgPool2dGrad'>[] {
  const rng = rngFor('avgPool2dGrad');
  return avgGeometries('avgPool2dGrad').map(({ name, g, smooth }) => {
    const dy = uniform(rng, g.y, -2, 2);
    return { name: `${name} ${describeInputs([dy])}`, inputs: [dy], attrs: g.attrs, out: g.x, gradient: smooth };
  });
}

export const poolCaseTable = {
  maxPool2d: maxPool2dCases(),
  maxPool2dGrad: maxPool2dGradCases(),
  avgPool2d: avgPool2dCases(),
  avgPool2dGrad: avgPool2dGradCases(),
};
