/**
 * Without shared memory (a page that is not cross-origin isolated), the wasm backend runs the
 * `-unshared` module over an ordinary memory on one thread, with a one-time notice when more threads
 * were asked for, and computes exactly what the shared module computes on one thread.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { getBackend, registerBackend, setBackend } from '../../src/engine/registry.js';
import { manualSeed, randn, randint } from '../../src/index.js';
import { crossEntropy } from '../../src/nn/losses.js';
import { Adam } from '../../src/optim/index.js';
import { LectureCNN } from '../../src/vision/models/classification/lecture-cnn.js';

/** Losses of 5 lecture-CNN training steps (batch 8, Adam) on `backend`. */
function losses(backend: WasmBackend): number[] {
  const previous = getBackend();
  registerBackend(backend);
  setBackend('wasm');
  try {
    manualSeed(3);
    const model = new LectureCNN();
    const opt = new Adam(model.parameters(), { lr: 1e-3 });
    const out: number[] = [];
    for (let i = 0; i < 5; i++) {
      const x = randn([8, 1, 28, 28]);
      const y = randint(0, 10, [8]);
      const loss = crossEntropy(model.call(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      out.push(loss.item());
    }
    return out;
  } finally {
    registerBackend(previous);
    setBackend(previous.name);
  }
}

test('sharedMemory: false runs the unshared module on one thread, with one notice, bit-identical to the shared module', async () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...a: unknown[]) => void warnings.push(a.map(String).join(' '));
  let unshared: WasmBackend;
  try {
    unshared = await createWasmBackend({ build: 'simd', sharedMemory: false, threads: 2 });
  } finally {
    console.warn = warn;
  }
  assert.equal(unshared.sharedMemory, false);
  assert.equal(unshared.threads, 1);
  assert.ok(!(unshared.memory.buffer instanceof SharedArrayBuffer), 'an ordinary ArrayBuffer');
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /single-threaded \(asked for 2 threads\) because sharedMemory: false/);
  const shared = await createWasmBackend({ build: 'simd', threads: 1 });
  assert.equal(shared.sharedMemory, true);
  const a = losses(unshared);
  const b = losses(shared);
  assert.deepEqual(a, b);
  assert.ok(a[4]! < a[0]!, `loss falls: ${a.join(', ')}`);
});
