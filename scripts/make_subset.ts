/**
 * Builds the shipped Fashion-MNIST subset `data/fashion-mnist-mini/` from the full dataset:
 * the first 600 training images of each class (6,000) and the first 100 test images of each class
 * (1,000), in their original order, as gzip IDX files with the upstream names.
 *
 *   node --import tsx scripts/make_subset.ts [sourceDir] [outDir]
 *
 * sourceDir defaults to ../shared/data/fashion-mnist (beside the repository), outDir to data/fashion-mnist-mini.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readIdx, writeIdx } from '../src/data/idx.js';
import { findPackageRoot } from '../src/data/package-root.js';
import { filesIn } from '../src/data/locate.js';
import { FASHION_MNIST_SPEC } from '../src/data/mnist-specs.js';
import { md5Hex } from '../src/data/checksum.js';
import { installBuiltinBackends } from '../src/backend/builtin.js';

installBuiltinBackends();

const root = findPackageRoot(import.meta.url);
const sourceDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data', 'fashion-mnist'));
const outDir = resolve(process.argv[3] ?? join(root, 'data', 'fashion-mnist-mini'));
const PER_CLASS = { train: 600, test: 100 };
const CLASSES = FASHION_MNIST_SPEC.classes.length;

/** Indices of the first `perClass` samples of each class, ascending. */
function balancedIndices(labels: Uint8Array, perClass: number): number[] {
  const taken = new Array<number>(CLASSES).fill(0);
  const out: number[] = [];
  labels.forEach((l, i) => {
    if (taken[l]! < perClass) {
      taken[l] = taken[l]! + 1;
      out.push(i);
    }
  });
  if (taken.some((t) => t < perClass)) throw new Error(`make_subset: some class has fewer than ${perClass} samples`);
  return out;
}

mkdirSync(outDir, { recursive: true });
let total = 0;
for (const train of [true, false]) {
  const files = filesIn(sourceDir, FASHION_MNIST_SPEC, train);
  if (files === null) throw new Error(`make_subset: Fashion-MNIST ${train ? 'train' : 'test'} files not found in ${sourceDir}`);
  const images = readIdx(files.images);
  const labels = readIdx(files.labels);
  if (!(images.data instanceof Uint8Array) || !(labels.data instanceof Uint8Array)) throw new Error('make_subset: expected uint8 IDX files');
  const [, h, w] = images.shape as [number, number, number];
  const idx = balancedIndices(labels.data, train ? PER_CLASS.train : PER_CLASS.test);
  const rowLen = h * w;
  const outImages = new Uint8Array(idx.length * rowLen);
  const outLabels = new Uint8Array(idx.length);
  idx.forEach((src, k) => {
    outImages.set(images.data.subarray(src * rowLen, (src + 1) * rowLen), k * rowLen);
    outLabels[k] = labels.data[src]!;
  });
  const split = train ? FASHION_MNIST_SPEC.train : FASHION_MNIST_SPEC.test;
  const imagesPath = join(outDir, `${split.images.name}.gz`);
  const labelsPath = join(outDir, `${split.labels.name}.gz`);
  writeIdx(imagesPath, outImages, [idx.length, h, w]);
  writeIdx(labelsPath, outLabels, [idx.length]);
  for (const p of [imagesPath, labelsPath]) {
    const size = statSync(p).size;
    total += size;
    console.log(`${p}: ${size} bytes`);
  }
  console.log(`  ${train ? 'train' : 'test'}: ${idx.length} samples, content MD5 images ${md5Hex(outImages)}, labels ${md5Hex(outLabels)}`);
}
console.log(`total ${total} bytes in ${outDir}`);
