/**
 * The lecture's X-or-X case study (MIT 6.S191 "Deep Computer Vision", after Brandon Rohrer's example):
 * two 9×9 images of an X in ±1 pixels (−1 background, +1 stroke), three 3×3 feature filters, and their
 * feature maps. Comparing the two images pixel by pixel fails, but each filter finds a perfect match
 * (value 1.00) somewhere in both images.
 *
 * Feature maps are *valid* cross-correlations (no padding): a 9×9 image and a 3×3 filter give a 7×7 map,
 * and map[i][j] is the match of the filter with the 3×3 window centred on image pixel (i + 1, j + 1).
 * Each value is Σ(filter ⊙ window) / 9, so 1.00 is a perfect match and −1.00 a perfect mismatch.
 * Padding was not used because any pad value (0 or −1) would invent pixels the images do not have.
 */
import { fromTypedArray, type Tensor } from '../../tensor/tensor.js';
import { conv2d } from '../../tensor/ops/conv.js';
import { noGrad } from '../../tensor/autograd/node.js';
import { dims } from '../../engine/shape.js';
import type { TypedArray } from '../../engine/dtype.js';

/** A small ±1 (or real-valued) matrix, row-major as nested rows. */
export type Matrix = readonly (readonly number[])[];

/** Parses a picture drawn with 'X' (+1) and '.' (−1), one string per row. */
function fromPicture(rows: readonly string[]): Matrix {
  return rows.map((row) => [...row.replace(/ /g, '')].map((ch) => (ch === 'X' ? 1 : -1)));
}

/** The clean X: two diagonal strokes crossing at the centre pixel (4, 4). [9, 9], values ±1. */
export const CLEAN_X: Matrix = fromPicture([
  '. . . . . . . . .',
  '. X . . . . . X .',
  '. . X . . . X . .',
  '. . . X . X . . .',
  '. . . . X . . . .',
  '. . . X . X . . .',
  '. . X . . . X . .',
  '. X . . . . . X .',
  '. . . . . . . . .',
]);

/**
 * The shifted and deformed X: the crossing moved one pixel right to (4, 5), the diagonal stroke's
 * lower end bent down, the anti-diagonal's upper end bent up, and a thickened lower-left end.
 * [9, 9], values ±1.
 */
export const DEFORMED_X: Matrix = fromPicture([
  '. . . . . . . . .',
  '. . X . . . . X .',
  '. . . X . . . X .',
  '. . . . X . X . .',
  '. . . . . X . . .',
  '. . . . X . X . .',
  '. . X X . . . X .',
  '. . X . . . . X .',
  '. . . . . . . . .',
]);

/** One of the three 3×3 feature filters, with a name for printing and labels. */
export interface XoFilter {
  readonly name: string;
  readonly weights: Matrix;
}

/** The three features of an X: the diagonal stroke (top-left → bottom-right), the crossing, the anti-diagonal. */
export const XO_FILTERS: readonly XoFilter[] = [
  { name: 'diagonal', weights: fromPicture(['X . .', '. X .', '. . X']) },
  { name: 'crossing', weights: fromPicture(['X . X', '. X .', 'X . X']) },
  { name: 'anti-diagonal', weights: fromPicture(['. . X', '. X .', 'X . .']) },
];

/** A case-study image with its display name. */
export interface XoImage {
  readonly name: string;
  readonly pixels: Matrix;
}

/** The two case-study images with their display names, in the order used everywhere (clean first). */
export const XO_IMAGES: readonly [XoImage, XoImage] = [
  { name: 'clean X', pixels: CLEAN_X },
  { name: 'deformed X', pixels: DEFORMED_X },
];

/** Stacks equally sized matrices into a float32 tensor [count, 1, H, W]. */
export function matricesToTensor(ms: readonly Matrix[]): Tensor {
  const [first] = ms;
  if (first === undefined) throw new Error('matricesToTensor: expected at least one matrix, got none');
  const h = first.length;
  const w = first[0]?.length ?? 0; // a matrix without rows has no columns
  const data = new Float32Array(ms.length * h * w);
  ms.forEach((m, k) => {
    if (m.length !== h || m.some((row) => row.length !== w))
      throw new Error(`matricesToTensor: matrix ${k} is not ${h}×${w} like matrix 0`);
    m.forEach((row, i) => row.forEach((v, j) => (data[k * h * w + i * w + j] = v)));
  });
  return fromTypedArray(data, [ms.length, 1, h, w], 'float32');
}

/** A [H, W] slice of a [.., H, W] tensor's data, as nested rows. */
function toMatrix(data: TypedArray, offset: number, h: number, w: number): number[][] {
  return Array.from({ length: h }, (_, i) => Array.from(data.subarray(offset + i * w, offset + (i + 1) * w)));
}

/**
 * Feature maps of `images` under `filters`, computed with the library's `conv2d` (valid, stride 1) and
 * divided by the filter size (9 for 3×3). Returns maps[image][filter] as [H − 2, W − 2] matrices.
 */
export function featureMaps(images: readonly Matrix[], filters: readonly XoFilter[]): number[][][][] {
  const x = matricesToTensor(images); // [I, 1, 9, 9]
  const w = matricesToTensor(filters.map((f) => f.weights)); // [F, 1, 3, 3]
  const [, , kh, kw] = dims(w.shape, 4, 'featureMaps: filters');
  const y = noGrad(() => conv2d(x, w, null, { padding: 'valid' }).div(kh * kw)); // [I, F, OH, OW]
  const [, , oh, ow] = dims(y.shape, 4, 'featureMaps');
  const data = y.dataView();
  return images.map((_, i) => filters.map((_, f) => toMatrix(data, (i * filters.length + f) * oh * ow, oh, ow)));
}

/** maps[image][filter] of {@link featureMaps}, or an error naming the pair it lacks. */
export function featureMapAt(maps: readonly (readonly Matrix[])[], image: number, filter: number): Matrix {
  const map = maps[image]?.[filter];
  if (map === undefined) throw new Error(`featureMapAt: no map of image ${image} under filter ${filter} (${maps.length} images)`);
  return map;
}

/** A perfect match: the window equals the filter (value 1 up to float rounding). */
export const isPerfectMatch = (v: number): boolean => Math.abs(v - 1) < 1e-6;

/** Where a feature map equals 1: [row, col] of the window centre in image coordinates (0-based). */
export function matchCentres(map: Matrix): [number, number][] {
  const out: [number, number][] = [];
  map.forEach((row, i) => row.forEach((v, j) => isPerfectMatch(v) && out.push([i + 1, j + 1])));
  return out;
}

/** How many pixels two equally sized images share (the naive whole-image comparison). */
export function pixelAgreement(a: Matrix, b: Matrix): { same: number; total: number } {
  let same = 0;
  let total = 0;
  a.forEach((row, i) => row.forEach((v, j) => {
    total++;
    if (b[i]?.[j] === v) same++;
  }));
  return { same, total };
}
