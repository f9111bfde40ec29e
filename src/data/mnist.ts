/**
 * The MNIST and Fashion-MNIST datasets: 28x28 grayscale images in 10 classes, read from IDX files.
 *
 *   const train = await FashionMNIST.load({ train: true });   // finds or downloads the files
 *   const test = new FashionMNIST({ train: false });           // synchronous: local files only
 *   const mini = FashionMNIST.shipped({ train: true });        // 6,000-image subset shipped in the package
 */
import { fromTypedArray, type Tensor } from '../tensor/tensor.js';
import { elementAt, type BulkImageDataset, type ImageSample } from './dataset.js';
import { readIdx } from './idx.js';
import { hasRank } from '../engine/shape.js';
import {
  filesIn,
  locateLocal,
  locateOrDownload,
  type DataOrigin,
  type DownloadLocateOptions,
  type LocatedFiles,
  type LocateOptions,
} from './locate.js';
import { FASHION_MNIST_SPEC, MNIST_SPEC, type MnistSpec } from './mnist-specs.js';
import { shippedDataDir } from './package-root.js';

/** Options of the synchronous constructors: where to look (no downloads). */
export interface MnistOptions extends LocateOptions {
  /** Already-resolved files (used by `load` and `shipped`); skips the search. */
  files?: LocatedFiles;
}

/** Options of `load`: the search, plus downloading (`download`, `mirror`, `timeoutMs`). */
export type MnistLoadOptions = DownloadLocateOptions;

const H = 28;
const W = 28;

/** Shared implementation: the split's images and labels held in memory as typed arrays. */
export abstract class MnistFamily implements BulkImageDataset {
  /** Pixels, uint8 [N, 28, 28] row-major. */
  readonly images: Uint8Array;
  /** Class indices, uint8 [N]. */
  readonly labels: Uint8Array;
  /** Shape of one image as `get` returns it and loaders batch it: [1, 28, 28]. */
  readonly imageShape: readonly number[] = [1, H, W];
  readonly length: number;
  readonly train: boolean;
  readonly classes: readonly string[];
  /** Where the files came from, e.g. `$STRIATE_DATA (/data/fashion-mnist)`. */
  readonly source: string;
  readonly origin: DataOrigin;

  protected constructor(spec: MnistSpec, opts: MnistOptions) {
    this.train = opts.train ?? true;
    const files = opts.files ?? locateLocal(spec, opts);
    const images = readIdx(files.images);
    const labels = readIdx(files.labels);
    if (images.dtype !== 'uint8' || images.shape.length !== 3 || images.shape[1] !== H || images.shape[2] !== W)
      throw new Error(`${files.images}: expected uint8 images [N, ${H}, ${W}], got ${images.dtype} [${images.shape.join(', ')}]`);
    if (labels.dtype !== 'uint8' || !hasRank(labels.shape, 1))
      throw new Error(`${files.labels}: expected uint8 labels [N], got ${labels.dtype} [${labels.shape.join(', ')}]`);
    if (images.shape[0] !== labels.shape[0])
      throw new Error(`${spec.title}: ${files.images} holds ${images.shape[0]} images but ${files.labels} ${labels.shape[0]} labels`);
    if (!(images.data instanceof Uint8Array) || !(labels.data instanceof Uint8Array)) throw new Error(`${spec.title}: bad IDX arrays`);
    const bad = labels.data.findIndex((l) => l >= spec.classes.length);
    if (bad >= 0) throw new Error(`${files.labels}: label ${labels.data[bad]} at ${bad} is not a class index`);
    this.images = images.data;
    this.labels = labels.data;
    [this.length] = labels.shape;
    this.classes = spec.classes;
    this.source = files.source;
    this.origin = files.origin;
  }

  /** Sample `i`: image uint8 [1, 28, 28] and its class index. */
  get(i: number): ImageSample {
    const label = elementAt(this.labels, i, 'get');
    const n = H * W;
    return { image: fromTypedArray(this.images.slice(i * n, (i + 1) * n), this.imageShape, 'uint8'), label };
  }

  /** All images as one uint8 tensor [N, 1, 28, 28] (a copy). */
  imagesTensor(): Tensor {
    return fromTypedArray(this.images.slice(), [this.length, 1, H, W], 'uint8');
  }

  /** All labels as an int32 tensor [N]. */
  labelsTensor(): Tensor {
    return fromTypedArray(Int32Array.from(this.labels), [this.length], 'int32');
  }
}

/**
 * Fashion-MNIST (Zalando): 60,000 training and 10,000 test images of clothing in 10 classes.
 * `new FashionMNIST(opts)` reads local files synchronously, searching `root` if given, else
 * `$STRIATE_DATA/fashion-mnist`, `$STRIATE_DATA`, `/usr/share/datasets/fashion-mnist` and the cache;
 * `await FashionMNIST.load(opts)` also downloads from the official mirror (MD5-checked) when needed.
 */
export class FashionMNIST extends MnistFamily {
  static readonly spec = FASHION_MNIST_SPEC;

  constructor(opts: MnistOptions = {}) {
    super(FASHION_MNIST_SPEC, opts);
  }

  /** Finds the files (see the class doc), downloading them unless `download: false`. */
  static async load(opts: MnistLoadOptions = {}): Promise<FashionMNIST> {
    return new FashionMNIST({ ...opts, files: await locateOrDownload(FASHION_MNIST_SPEC, opts) });
  }

  /**
   * The class-balanced subset shipped in the package (`data/fashion-mnist-mini`): 6,000 training images
   * (600 per class) or 1,000 test images (100 per class), for examples and tests that need no download.
   */
  static shipped(opts: { train?: boolean } = {}): FashionMNIST {
    const train = opts.train ?? true;
    const dir = shippedDataDir('fashion-mnist-mini');
    const files = filesIn(dir, FASHION_MNIST_SPEC, train);
    if (files === null) throw new Error(`FashionMNIST.shipped: subset files missing from ${dir}`);
    return new FashionMNIST({ train, files: { ...files, origin: 'shipped', source: `shipped subset ${dir}` } });
  }
}

/**
 * MNIST handwritten digits: 60,000 training and 10,000 test images. Same search as FashionMNIST with
 * folder name `mnist` (Debian: `/usr/share/datasets/mnist`); downloads come from the ossci-datasets S3
 * mirror, checked against torchvision's MD5s.
 */
export class MNIST extends MnistFamily {
  static readonly spec = MNIST_SPEC;

  constructor(opts: MnistOptions = {}) {
    super(MNIST_SPEC, opts);
  }

  /** Finds the files, downloading them unless `download: false`. */
  static async load(opts: MnistLoadOptions = {}): Promise<MNIST> {
    return new MNIST({ ...opts, files: await locateOrDownload(MNIST_SPEC, opts) });
  }
}
