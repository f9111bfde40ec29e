import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed, randn, randint, F, Adam, nn, setBackend } from '../../src/index.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { DataLoader, TensorDataset } from '../../src/data/index.js';

let wasm: WasmBackend;
before(async () => {
  // A small reclaim threshold so that 320 small steps cross it several times (the default is 128 MiB).
  wasm = await initWasmBackend({ build: 'simd', minReclaimBytes: 8 * 1024 * 1024 });
});
after(() => setBackend('reference'));

class SmallCNN extends nn.Module {
  conv = new nn.Conv2d(1, 8, 3);
  pool = new nn.MaxPool2d(2);
  fc = new nn.Linear(8 * 13 * 13, 10);
  forward(x: ReturnType<typeof randn>): ReturnType<typeof randn> {
    return this.fc.call(this.pool.call(this.conv.call(x).relu()).flatten(1));
  }
}

test('backward() gives its gradient temporaries back at once; leaf gradients stay readable', () => {
  manualSeed(1);
  const model = new SmallCNN();
  const x = randn([16, 1, 28, 28]);
  const y = randint(0, 10, [16]);
  const loss = F.crossEntropy(model.call(x), y);
  const before = wasm.memoryStats().allocatedBytes;
  loss.backward();
  const grown = wasm.memoryStats().allocatedBytes - before;
  const gradBytes = model.parameters().reduce((n, p) => n + p.size * 4, 0);
  // Only the leaves' gradients (plus allocator rounding) remain allocated after backward.
  assert.ok(grown <= gradBytes * 1.1 + 4096, `backward kept ${grown} bytes; the gradients need ${gradBytes}`);
  for (const p of model.parameters()) assert.ok(Number.isFinite(p.grad!.dataSync()[0]!));
});

test('a hand-written `for await` loop on the wasm backend keeps memory flat (no dispose anywhere)', async () => {
  manualSeed(2);
  const model = new SmallCNN();
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const ds = new TensorDataset(randn([512, 1, 28, 28]), randint(0, 10, [512]));
  const loader = new DataLoader(ds, { batchSize: 16, shuffle: true });
  const samples: number[] = [];
  for (let epoch = 0; epoch < 10; epoch++) {
    for await (const { x, y } of loader) {
      const loss = F.crossEntropy(model.call(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    samples.push(wasm.memoryStats().allocatedBytes);
  }
  // Live bytes follow a sawtooth (the allocator reclaims under pressure): compare the peaks of the halves.
  const early = Math.max(...samples.slice(0, 5));
  const late = Math.max(...samples.slice(5));
  assert.ok(late <= early * 1.25, `allocated bytes grew from ${early} to ${late} over 320 steps: ${samples.join(', ')}`);
});
