/**
 * The training run of the browser test, shared by the page's trainer worker (bundled by esbuild) and the
 * test process (Node's reference numbers): the lecture CNN with Adam on seeded synthetic
 * Fashion-MNIST-shaped data. Imports only browser-safe modules (no src/index.ts, which pulls in the
 * Node-only data and io modules).
 */
import { manualSeed } from '../../../src/tensor/random.js';
import { randint, randn } from '../../../src/tensor/creation-random.js';
import { crossEntropy } from '../../../src/nn/losses.js';
import { Adam } from '../../../src/optim/adam.js';
import { LectureCNN } from '../../../src/vision/models/classification/lecture-cnn.js';

export interface TrainConfig {
  steps: number;
  batch: number;
  seed: number;
  lr: number;
}

export const TRAIN_CONFIG: TrainConfig = { steps: 5, batch: 16, seed: 1234, lr: 1e-3 };

export interface TrainRun {
  losses: number[];
  /** Wall time of each step in ms. */
  stepMs: number[];
}

/** A macrotask boundary, so that FinalizationRegistry callbacks (freed wasm blocks) can run between steps. */
function yieldMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Trains on the current backend. One fixed batch: seeded `randn` images and `randint` labels drawn right
 * after the model's seeded initialisation, so every host that runs this gets the same weights and data.
 * The loss on a fixed batch falls step by step under Adam.
 */
export async function trainLectureCnn(cfg: TrainConfig = TRAIN_CONFIG): Promise<TrainRun> {
  manualSeed(cfg.seed);
  const model = new LectureCNN();
  const optimizer = new Adam(model.parameters(), { lr: cfg.lr });
  const x = randn([cfg.batch, 1, 28, 28]);
  const y = randint(0, 10, [cfg.batch]);
  const losses: number[] = [];
  const stepMs: number[] = [];
  for (let i = 0; i < cfg.steps; i++) {
    const t0 = performance.now();
    const loss = crossEntropy(model.call(x), y);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
    stepMs.push(performance.now() - t0);
    await yieldMacrotask();
  }
  return { losses, stepMs };
}
