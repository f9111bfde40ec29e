/**
 * Image filters as convolution kernels: the lecture's hand-made feature detectors (sharpen, edge, strong edge)
 * and a few classics, applied with the library's own `conv2d` (cross-correlation, as in PyTorch: the kernel is
 * not flipped). Kernels are row-major [KH][KW] number matrices. Browser-safe.
 */
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/tensor.js';
import { conv2d } from '../tensor/ops/conv.js';
import { axisLength } from '../engine/shape.js';

export type Kernel = readonly (readonly number[])[];

/** Sampled 2-d Gaussian exp(−(x² + y²)/2σ²) on a size×size grid centred on 0, normalised to sum 1. */
export function gaussianKernel(size: number, sigma: number): number[][] {
  const r = (size - 1) / 2;
  const rows = Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => Math.exp(-((x - r) ** 2 + (y - r) ** 2) / (2 * sigma * sigma))));
  const total = rows.flat().reduce((s, v) => s + v, 0);
  return rows.map((row) => row.map((v) => v / total));
}

export interface NamedKernel {
  kernel: Kernel;
  description: string;
}

/** The named kernels of `striate filter --kernel NAME`. */
export const NAMED_KERNELS: Readonly<Record<string, NamedKernel>> = {
  sharpen: { kernel: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]], description: "the lecture's sharpen" },
  edge: { kernel: [[0, 1, 0], [1, -4, 1], [0, 1, 0]], description: "the lecture's edge detect (Laplacian)" },
  'strong-edge': { kernel: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], description: "the lecture's strong edge detect" },
  blur: { kernel: [[1 / 9, 1 / 9, 1 / 9], [1 / 9, 1 / 9, 1 / 9], [1 / 9, 1 / 9, 1 / 9]], description: 'box blur 3×3 (mean of 9)' },
  gaussian: { kernel: gaussianKernel(3, 1), description: 'Gaussian blur 3×3, σ = 1 (normalised to sum 1)' },
  gaussian5: { kernel: gaussianKernel(5, 1), description: 'Gaussian blur 5×5, σ = 1 (normalised to sum 1)' },
  'sobel-x': { kernel: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], description: 'Sobel horizontal gradient (vertical edges)' },
  'sobel-y': { kernel: [[-1, -2, -1], [0, 0, 0], [1, 2, 1]], description: 'Sobel vertical gradient (horizontal edges)' },
  emboss: { kernel: [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], description: 'emboss' },
};

/**
 * A kernel from `--kernel`: a name from NAMED_KERNELS or a JSON matrix such as "[[0,-1,0],[-1,5,-1],[0,-1,0]]"
 * (rectangular, finite numbers). Throws a message naming the problem and the expected form.
 */
export function parseKernel(spec: string): { name: string; kernel: Kernel } {
  const named = NAMED_KERNELS[spec];
  if (named) return { name: spec, kernel: named.kernel };
  if (!spec.trim().startsWith('['))
    throw new Error(`unknown kernel '${spec}': use one of ${Object.keys(NAMED_KERNELS).join(', ')}, or a matrix such as "[[0,-1,0],[-1,5,-1],[0,-1,0]]"`);
  let value: unknown;
  try {
    value = JSON.parse(spec);
  } catch {
    throw new Error(`kernel matrix '${spec}' is not valid: expected rows of numbers such as "[[0,-1,0],[-1,5,-1],[0,-1,0]]"`);
  }
  const rows: unknown[][] = Array.isArray(value) && value.every((row) => Array.isArray(row)) ? value : [];
  const [first] = rows;
  if (first === undefined) throw new Error(`kernel matrix '${spec}' must be a list of rows, e.g. "[[0,-1,0],[-1,5,-1],[0,-1,0]]"`);
  const width = first.length;
  if (width === 0) throw new Error(`kernel matrix '${spec}': row 1 is empty`);
  const kernel: number[][] = [];
  rows.forEach((row, i) => {
    if (row.length !== width) throw new Error(`kernel matrix '${spec}' is not rectangular: row 1 has ${width} numbers, row ${i + 1} has ${row.length}`);
    const bad = row.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) throw new Error(`kernel matrix '${spec}': row ${i + 1}, column ${bad + 1} is ${JSON.stringify(row[bad])}, not a number`);
    kernel.push(row.map(Number));
  });
  return { name: 'custom', kernel };
}

/** A kernel's [rows, columns]; an empty or ragged kernel is an error. */
export function kernelSize(kernel: Kernel): [number, number] {
  const [first] = kernel;
  if (first === undefined || first.length === 0 || kernel.some((row) => row.length !== first.length))
    throw new Error(`a kernel must be a non-empty rectangular matrix, got ${JSON.stringify(kernel)}`);
  return [kernel.length, first.length];
}

export interface FilterOptions {
  stride?: number;
  padding?: number;
  /** Name used in errors (the layer name of `conv2d`), default 'filter'. */
  name?: string;
}

/**
 * Applies `kernel` to every channel of float32 x [N, C, H, W] on its own (conv2d with groups = C and the kernel
 * repeated per channel) → [N, C, OH, OW], OH = (H − KH + 2P)/S + 1. A window that does not fit the image exactly
 * (a fractional output size) is an error with the numbers; PyTorch would silently floor it.
 */
export function applyKernel(x: Tensor, kernel: Kernel, opts: FilterOptions = {}): Tensor {
  const c = axisLength(x.shape, 1, opts.name ?? 'filter');
  const [kh, kw] = kernelSize(kernel);
  const flat = kernel.flat();
  const w = tensor(Array.from({ length: c }, () => flat).flat(), { shape: [c, 1, kh, kw] });
  return conv2d(x, w, null, { stride: opts.stride ?? 1, padding: opts.padding ?? 0, groups: c, strictSize: true, name: opts.name ?? 'filter' });
}
