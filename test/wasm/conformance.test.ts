/**
 * Runs the backend conformance suites of test/ops against the wasm backend: registers it (keeping
 * the reference backend current), then loads every test/ops/*.test file, whose `forEachBackend`
 * blocks run once per registered backend (reference and wasm).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setBackend } from '../../src/index.js';
import { initWasmBackend } from '../../src/backend/wasm/index.js';

await initWasmBackend();
setBackend('reference');

const opsDir = new URL('../ops/', import.meta.url);
const ext = import.meta.url.endsWith('.ts') ? '.test.ts' : '.test.js';
for (const file of readdirSync(fileURLToPath(opsDir)).filter((f) => f.endsWith(ext)).sort()) {
  await import(new URL(file, opsDir).href);
}
