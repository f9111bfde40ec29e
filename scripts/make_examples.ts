// Writes a few 28×28 test images of the shipped Fashion-MNIST subset as PNGs into examples/,
// for `striate predict` demos. Run: node --import tsx scripts/make_examples.ts
import { writeFileSync } from 'node:fs';
import { FashionMNIST } from '../src/data/mnist.js';
import { encodePng } from '../src/io/png.js';
import { fromTypedArray } from '../src/tensor/tensor.js';
import { installBuiltinBackends } from '../src/backend/builtin.js';

installBuiltinBackends();

const test = FashionMNIST.shipped({ train: false });
const wanted = [0, 1, 7, 9]; // T-shirt/top, Trouser, Sneaker, Ankle boot
for (const label of wanted) {
  const i = Array.from(test.labels).indexOf(label);
  const pixels = test.images.slice(i * 784, (i + 1) * 784);
  const name = test.classes[label]!.toLowerCase().replace(/[^a-z]+/g, '-');
  writeFileSync(`examples/${name}.png`, encodePng(fromTypedArray(pixels, [28, 28], 'uint8')));
  console.log(`examples/${name}.png (test image ${i}, label ${label})`);
}
