/**
 * `striate filter IMAGE --kernel NAME|MATRIX -o OUT.png`: convolves the image with a kernel using the library's
 * conv2d and writes the feature map as a viewable PNG, saying how its values were mapped to 0–255.
 *
 * The input is the grayscale image (PIL's convert('L')) as float values 0–255, [1, 1, H, W]; with --color each
 * of R, G, B is filtered on its own (conv2d with groups = 3) and the output is RGB.
 */
import { readImage, writeImage } from '../io/image/file.js';
import { toGrayscale } from '../io/image/convert.js';
import { fromTypedArray } from '../tensor/tensor.js';
import { noGrad } from '../tensor/autograd/node.js';
import { applyKernel, kernelSize, parseKernel, type Kernel } from '../vision/filters.js';
import { dims } from '../engine/shape.js';
import { rescaleForViewing, formatValue, type RescaleMode } from '../vision/rescale.js';
import { UsageError } from './args.js';

export interface FilterArgs {
  kernel: string;
  stride: number;
  padding: number;
  rescale?: RescaleMode;
  color: boolean;
  output: string;
}

export function rescaleOption(v: string): RescaleMode {
  if (v !== 'linear' && v !== 'abs' && v !== 'clip') throw new UsageError(`--rescale must be linear, abs or clip, got '${v}'`);
  return v;
}

/**
 * The default mapping to 0–255: edge detectors (weights summing to 0) respond with both signs around 0, so |v|
 * ('abs'); kernels whose weights sum to 1 (sharpen, blurs, emboss) keep the brightness range, so the values
 * themselves clamped to 0–255 ('clip'); anything else min → 0, max → 255 ('linear').
 */
export function defaultRescale(kernel: Kernel): RescaleMode {
  const total = kernel.flat().reduce((s, v) => s + v, 0);
  if (Math.abs(total) < 1e-6) return 'abs';
  if (Math.abs(total - 1) < 1e-6) return 'clip';
  return 'linear';
}

/** "(N − F + 2P)/S + 1 = (451 − 3 + 0)/1 + 1 = 449" for one axis. */
function sizeRule(n: number, f: number, p: number, s: number): string {
  const exact = (n - f + 2 * p) / s + 1;
  return `(${n} − ${f} + ${2 * p})/${s} + 1 = ${Number.isInteger(exact) ? exact : exact.toFixed(2)}`;
}

export interface FilterResult {
  input: [number, number];
  output: [number, number];
  kernel: string;
  rescale: string;
}

export async function filterCommand(path: string, a: FilterArgs, out: (s: string) => void): Promise<FilterResult> {
  let name: string;
  let kernel: Kernel;
  try {
    ({ name, kernel } = parseKernel(a.kernel));
  } catch (e) {
    throw new UsageError(`--kernel: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!/\.png$/i.test(a.output)) throw new UsageError(`-o: the output must be a .png file, got '${a.output}'`);
  const img = readImage(path);
  const [h, w, c] = dims(img.shape, 3, path);
  const color = a.color && c >= 3;
  if (a.color && !color) throw new UsageError(`--color: ${path} has ${c} channel${c > 1 ? 's' : ''} (gray), not RGB`);
  const planes = color ? 3 : 1;
  // uint8 [H, W, C] → float32 [1, planes, H, W] with values 0–255 (not divided by 255: the numbers of the slide).
  const src = color ? img : toGrayscale(img);
  const data = src.dataView();
  const [, , sc] = dims(src.shape, 3, path);
  const x = new Float32Array(planes * h * w);
  // data holds h·w pixels of sc ≥ planes channels.
  for (let k = 0; k < planes; k++) for (let i = 0; i < h * w; i++) x[k * h * w + i] = data[i * sc + k]!;
  const [kh, kw] = kernelSize(kernel);
  const label = name === 'custom' ? `custom ${kh}×${kw} kernel` : `kernel '${name}' (${kh}×${kw})`;
  let y;
  try {
    y = noGrad(() => applyKernel(fromTypedArray(x, [1, planes, h, w], 'float32'), kernel, { stride: a.stride, padding: a.padding, name: 'conv2d' }));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError(`${path}: the ${kh}×${kw} ${name === 'custom' ? 'custom kernel' : `'${name}' kernel`} with stride ${a.stride} and padding ${a.padding} does not fit the ${w}×${h} image: ${why}`);
  }
  const [, , oh, ow] = dims(y.shape, 4, 'filter');
  const mode = a.rescale ?? defaultRescale(kernel);
  const values = y.dataView();
  const r = rescaleForViewing(values, mode);
  // [planes, OH, OW] → [OH, OW, planes]
  const hwc = new Uint8Array(oh * ow * planes);
  for (let k = 0; k < planes; k++) for (let i = 0; i < oh * ow; i++) hwc[i * planes + k] = r.bytes[k * oh * ow + i]!;
  await writeImage(a.output, fromTypedArray(hwc, [oh, ow, planes], 'uint8'));
  out(`${path}: ${w}×${h} ${color ? 'RGB, each channel filtered on its own (conv2d groups = 3)' : "grayscale (PIL's convert('L'))"}, values 0–255`);
  out(`${label}: ${kernel.map((row) => `[${row.map(formatValue).join(', ')}]`).join(' ')}, stride ${a.stride}, padding ${a.padding}`);
  out(`output ${ow}×${oh}: width ${sizeRule(w, kw, a.padding, a.stride)}, height ${sizeRule(h, kh, a.padding, a.stride)}`);
  out(`rescaled for viewing, ${r.description}`);
  out(`wrote ${a.output}`);
  return { input: [w, h], output: [ow, oh], kernel: name, rescale: r.description };
}
