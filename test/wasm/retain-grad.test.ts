/** On the wasm backend, backward() releases its temporaries: a retainGrad() gradient must not be one of them. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed, randn, F, setBackend, getBackend } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';

before(async () => {
  await initWasmBackend({ build: 'simd' });
});
after(() => setBackend('reference'));

/** Gradient of mean(relu(conv(x, w))) with respect to the conv output [2, 4, 6, 6], via retainGrad. */
function activationGrad(): Tensor {
  manualSeed(5);
  const x = randn([2, 1, 8, 8]);
  const w = randn([4, 1, 3, 3]).requiresGrad_();
  const act = F.conv2d(x, w).retainGrad();
  act.relu().mean().backward();
  return act.grad!;
}

test('a retained activation gradient survives the release of temporaries and matches the reference backend', () => {
  const wasmName = getBackend().name;
  const onWasm = activationGrad();
  for (let i = 0; i < 5; i++) randn([64, 64]).mul(2).sum().item(); // reuse of freed memory must not touch it
  const wasmValues = onWasm.toArray();
  setBackend('reference');
  const onReference = activationGrad().toArray();
  setBackend(wasmName);
  assert.equal(wasmValues.length, 2 * 4 * 6 * 6);
  wasmValues.forEach((v, i) => assert.ok(Math.abs(v - onReference[i]!) < 1e-6, `[${i}] wasm ${v} vs reference ${onReference[i]}`));
});
