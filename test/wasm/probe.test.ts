/** Feature probe, build choice (option, STRIATE_WASM_BUILD, errors), module location, relaxed opt-in. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { chooseBuild, wasmUrls } from '../../src/backend/wasm/loader.js';
import type { WasmFeatures } from '../../src/backend/wasm/probe.js';
import { createWasmBackend, enableRelaxedSimd, probeFeatures } from '../../src/backend/wasm/index.js';
import { tensor, setBackend, getBackend, listBackends } from '../../src/index.js';

const nodeMajor = Number(process.versions.node.split('.')[0]);
const all: WasmFeatures = { simd: true, relaxedSimd: true, sharedArrayBuffer: true, sharedMemory: true, crossOriginIsolated: true, node: true };

function withEnv<T>(value: string | undefined, f: () => T): T {
  const old = process.env['STRIATE_WASM_BUILD'];
  if (value === undefined) delete process.env['STRIATE_WASM_BUILD'];
  else process.env['STRIATE_WASM_BUILD'] = value;
  try {
    return f();
  } finally {
    if (old === undefined) delete process.env['STRIATE_WASM_BUILD'];
    else process.env['STRIATE_WASM_BUILD'] = old;
  }
}

test('probe: SIMD128 and shared memory on this Node; relaxed SIMD off by default before Node 22', () => {
  const f = probeFeatures();
  assert.equal(f.simd, true);
  assert.equal(f.sharedArrayBuffer, true);
  assert.equal(f.sharedMemory, true);
  assert.equal(f.crossOriginIsolated, true);
  assert.equal(f.node, true);
  if (nodeMajor < 22) assert.equal(f.relaxedSimd, false);
});

test('chooseBuild: auto prefers relaxed; explicit option beats the environment variable', () => {
  withEnv(undefined, () => {
    assert.equal(chooseBuild(all), 'relaxed');
    assert.equal(chooseBuild({ ...all, relaxedSimd: false }), 'simd');
    assert.equal(chooseBuild(all, 'simd'), 'simd');
  });
  withEnv('simd', () => {
    assert.equal(chooseBuild(all), 'simd');
    assert.equal(chooseBuild(all, 'relaxed'), 'relaxed');
  });
  withEnv('bogus', () => assert.throws(() => chooseBuild(all), /STRIATE_WASM_BUILD must be/));
});

test('chooseBuild: clear errors without SIMD or when relaxed is forced but missing; no shared memory is not an error', () => {
  withEnv(undefined, () => {
    assert.throws(() => chooseBuild({ ...all, simd: false }), /does not support WebAssembly SIMD128/);
    assert.equal(chooseBuild({ ...all, sharedMemory: false, crossOriginIsolated: false }, 'simd'), 'simd', 'no shared memory: the unshared module of the same build');
    assert.throws(() => chooseBuild({ ...all, relaxedSimd: false }, 'relaxed'), /enableRelaxedSimd/);
  });
});

test('the .wasm files are found next to the compiled JS (dist/wasm) or, from source, in dist/wasm', () => {
  for (const build of ['simd', 'relaxed'] as const) {
    for (const shared of [true, false]) {
      assert.ok(wasmUrls(build, shared).some((u) => existsSync(fileURLToPath(u))), `${build}: ${wasmUrls(build, shared).map((u) => u.href).join(', ')}`);
    }
  }
});

test('an explicit wasmUrl is used; a wrong one is a clear error', async () => {
  const url = wasmUrls('simd').find((u) => existsSync(fileURLToPath(u)))!;
  const b = await createWasmBackend({ build: 'simd', wasmUrl: url });
  assert.equal(b.build, 'simd');
  await assert.rejects(createWasmBackend({ build: 'simd', wasmUrl: new URL('file:///nonexistent/striate.wasm') }), /kernel module not found/);
});

test('creating a backend registers nothing; relaxed fails until enableRelaxedSimd(), then works', async () => {
  const before = listBackends();
  const simd = await withEnv(undefined, () => createWasmBackend());
  assert.deepEqual(listBackends(), before);
  assert.notEqual(getBackend(), simd, 'creating a backend must not make it current');
  if (nodeMajor < 22) {
    assert.equal(simd.build, 'simd');
    await assert.rejects(createWasmBackend({ build: 'relaxed' }), /enableRelaxedSimd/);
  }
  assert.equal(await enableRelaxedSimd(), true);
  const relaxed = await createWasmBackend({ build: 'relaxed' });
  assert.equal(relaxed.build, 'relaxed');
  assert.equal(relaxed.features.relaxedSimd, true);
  setBackend('reference');
  const x = tensor([1, 2, 3]);
  assert.deepEqual(x.toArray(), [1, 2, 3]);
});

test('threads must be a positive integer', async () => {
  await assert.rejects(createWasmBackend({ threads: 0 }), /threads must be a positive integer/);
});
