// Striate side of the training-throughput benchmark: the lecture CNN, Adam 1e-3, batch 64, on
// Fashion-MNIST from DATA_DIR, reference backend. Prints one JSON line with images_per_second.
// Run: node --import tsx bench/reference-train.ts DATA_DIR STEPS
import { manualSeed } from '../src/core/random.js';
import { FashionMNIST } from '../src/data/mnist.js';
import { DataLoader } from '../src/data/dataloader.js';
import { LectureCNN } from '../src/vision/models/classification/lecture-cnn.js';
import { Adam } from '../src/optim/index.js';
import { crossEntropy } from '../src/nn/losses.js';

const [dataDir = '../shared/data/fashion-mnist', stepsArg = '30'] = process.argv.slice(2);
const steps = Number(stepsArg);
manualSeed(0);
const model = new LectureCNN();
const opt = new Adam(model.parameters(), { lr: 1e-3 });
const loader = new DataLoader(new FashionMNIST({ root: dataDir }), { batchSize: 64, shuffle: true, dropLast: true });
const it = loader[Symbol.iterator]();
const step = (): void => {
  const { x, y } = it.next().value!;
  const loss = crossEntropy(model.call(x), y);
  opt.zeroGrad();
  loss.backward();
  opt.step();
};
for (let i = 0; i < 3; i++) step();
const t0 = performance.now();
for (let i = 0; i < steps; i++) step();
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ images_per_second: (steps * 64) / seconds, backend: 'reference', threads: 1 }));
