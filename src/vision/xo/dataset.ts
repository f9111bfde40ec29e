/**
 * A generated dataset of X and O letters for binary classification, usable with `DataLoader`.
 */
import { Generator } from '../../tensor/random.js';
import { fromTypedArray } from '../../tensor/tensor.js';
import { elementAt, type BulkImageDataset, type ImageSample } from '../../data/dataset.js';
import { drawLetter, TRAIN_DEFORMATION, XO_CLASSES, type LetterDeformation } from './letters.js';

export interface XoLettersOptions {
  /** Number of images; classes alternate X, O, X, O, … so both are equally common. */
  readonly count: number;
  /** Seed of the dataset's own `Generator` (the global generator is not touched). */
  readonly seed: number;
  /** Side of the square images in pixels (default 28). */
  readonly size?: number;
  /** Ranges of the random deformations (default `TRAIN_DEFORMATION`). */
  readonly deformation?: LetterDeformation;
}

/**
 * Generated X (label 0) and O (label 1) images, white strokes on black. Images are stored as uint8
 * pixels [count, 1, size, size] (0–255), so a `DataLoader` with its default transform yields float32
 * [B, 1, size, size] in [0, 1] and int32 labels [B]. The same options always give the same images.
 */
export class XoLetters implements BulkImageDataset {
  static readonly classes = XO_CLASSES;
  readonly length: number;
  readonly size: number;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly imageShape: readonly number[];

  constructor(opts: XoLettersOptions) {
    const size = opts.size ?? 28;
    if (!Number.isInteger(opts.count) || opts.count < 1) throw new Error(`XoLetters: count must be a positive integer, got ${opts.count}`);
    if (!Number.isInteger(size) || size < 12) throw new Error(`XoLetters: size must be an integer ≥ 12, got ${size}`);
    const deformation = opts.deformation ?? TRAIN_DEFORMATION;
    const g = new Generator(opts.seed);
    this.length = opts.count;
    this.size = size;
    this.imageShape = [1, size, size];
    this.images = new Uint8Array(opts.count * size * size);
    this.labels = new Uint8Array(opts.count);
    for (let i = 0; i < opts.count; i++) {
      const label = i % 2 === 0 ? 0 : 1;
      const img = drawLetter(XO_CLASSES[label], size, deformation, g);
      const base = i * size * size;
      img.forEach((v, p) => (this.images[base + p] = Math.round(v * 255)));
      this.labels[i] = label;
    }
  }

  /** Sample i: uint8 image [1, size, size] and its label (0 = X, 1 = O). */
  get(i: number): ImageSample {
    const label = elementAt(this.labels, i, 'XoLetters.get');
    const n = this.size * this.size;
    return { image: fromTypedArray(this.images.slice(i * n, (i + 1) * n), this.imageShape, 'uint8'), label };
  }
}
