/** The test/ops conformance suites on the relaxed-SIMD (FMA) build, switched on with enableRelaxedSimd. */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setBackend } from '../../src/index.js';
import { enableRelaxedSimd, initWasmBackend } from '../../src/backend/wasm/index.js';

assert.equal(await enableRelaxedSimd(), true, 'relaxed SIMD should be available after enableRelaxedSimd()');
const backend = await initWasmBackend({ build: 'relaxed' });
assert.equal(backend.build, 'relaxed');
setBackend('reference');

const opsDir = new URL('../ops/', import.meta.url);
const ext = import.meta.url.endsWith('.ts') ? '.test.ts' : '.test.js';
for (const file of readdirSync(fileURLToPath(opsDir)).filter((f) => f.endsWith(ext)).sort()) {
  await import(new URL(file, opsDir).href);
}
