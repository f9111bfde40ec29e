/**
 * The test/ops conformance suites on the wasm backend with 2 threads (this thread + one pool worker).
 * `minWorkPerPart: 1` makes matmul, conv and pooling split even the suites' tiny shapes, so every case
 * call of those primitives with more than one row/image/plane runs partly on the worker.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { setBackend } from '../../src/index.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';

const backend = await initWasmBackend({ threads: 2, minWorkPerPart: 1 });
assert.equal(backend.threads, 2);
setBackend('reference');

const opsDir = new URL('../ops/', import.meta.url);
const ext = import.meta.url.endsWith('.ts') ? '.test.ts' : '.test.js';
for (const file of readdirSync(fileURLToPath(opsDir)).filter((f) => f.endsWith(ext)).sort()) {
  await import(new URL(file, opsDir).href);
}

// Registered after the suites, so it runs last: the pool really ran some of the calls.
test('calls were split across the pool', async () => {
  assert.ok(backend.parallelJobs > 0, 'no call was split across the pool');
  await backend.terminate();
});
