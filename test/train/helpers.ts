/** Shared set-up of the training tests and their child-process fixture: a small registered model and its data. */
import { createHash } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { AnyModule } from '../../src/nn/module.js';
import { avgPool2d } from '../../src/tensor/ops/pool.js';
import { DataLoader, FashionMNIST, subset, toUnitFloat } from '../../src/data/index.js';
import type { ImageSample } from '../../src/data/index.js';
import { modelConfig } from '../../src/models/registry.js';
import type { ModelConfig } from '../../src/models/registry.js';
import { repoRoot } from '../helpers/paths.js';

/**
 * The lecture CNN on 14×14 images (Fashion-MNIST average-pooled 2×2): the real registered architecture,
 * 292,234 parameters, about 30 ms per step at batch 16.
 */
export const SMALL_CONFIG: ModelConfig = modelConfig('lecture-cnn', { inputShape: [1, 14, 14], numClasses: 10 });

/** uint8 [B, 1, 28, 28] → float32 [B, 1, 14, 14] in [0, 1]. */
export function halfSize(x: Tensor): Tensor {
  return avgPool2d(toUnitFloat(x), { kernelSize: 2 });
}

let shipped: FashionMNIST | null = null;
/** The shipped 6,000-image training subset (read once per process). */
export function shippedTrain(): FashionMNIST {
  return (shipped ??= FashionMNIST.shipped({ train: true }));
}

/** A shuffling loader over the first `n` shipped images at 14×14 (shuffles from the global generator). */
export function smallLoader(n: number, batchSize: number): DataLoader<ImageSample> {
  const indices = Array.from({ length: n }, (_, i) => i);
  return new DataLoader(subset(shippedTrain(), indices), { batchSize, shuffle: true, transform: halfSize });
}

/** SHA-256 of every parameter and buffer, by name, in name order. */
export function weightsHash(model: AnyModule): string {
  const h = createHash('sha256');
  const sd = model.stateDict();
  for (const name of Object.keys(sd).sort()) {
    const data = sd[name]!.dataSync();
    h.update(name);
    h.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return h.digest('hex');
}

/** A fresh temp directory and its remover. */
export function makeTempDir(prefix = 'striate-train-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `test/train/fixtures/<name>.ts` in a child Node process through tsx (from sources, whether this
 * test runs from test/ or dist/test/), located via the repository root.
 */
export function spawnFixture(name: string, args: string[]): ChildProcess {
  const script = join(repoRoot, 'test', 'train', 'fixtures', `${name}.ts`);
  const setup = join(repoRoot, 'test', 'helpers', 'setup.ts'); // registers the built-in backends, as npm test does
  return spawn(process.execPath, ['--import', 'tsx', '--import', setup, script, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
}
