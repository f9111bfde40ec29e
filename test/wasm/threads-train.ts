/**
 * Shared by test/wasm/threads.test.ts and test/wasm/threads-bench.ts: trains the lecture CNN with Adam
 * on random Fashion-MNIST-shaped data on a given wasm backend (registered and made current here).
 */
import { setImmediate as yieldMacrotask } from 'node:timers/promises';
import { manualSeed, randint, randn, registerBackend, setBackend } from '../../src/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { crossEntropy } from '../../src/nn/losses.js';
import { Adam } from '../../src/optim/index.js';
import { LectureCNN } from '../../src/vision/models/classification/lecture-cnn.js';

export interface TrainResult {
  losses: number[];
  /** Every parameter after the last step, in `model.parameters()` order. */
  params: Float32Array[];
  /** Wall time of each step in ms. */
  stepMs: number[];
}

export async function trainLecture(backend: WasmBackend, steps: number, batch: number, seed = 0): Promise<TrainResult> {
  registerBackend(backend);
  setBackend('wasm');
  manualSeed(seed);
  const model = new LectureCNN();
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([batch, 1, 28, 28]);
  const y = randint(0, 10, [batch]);
  const losses: number[] = [];
  const stepMs: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const loss = crossEntropy(model.call(x), y);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
    stepMs.push(performance.now() - t0);
    await yieldMacrotask(); // lets finalizers return freed wasm blocks
  }
  const params = model.parameters().map((p) => Float32Array.from(p.dataSync()));
  return { losses, params, stepMs };
}
