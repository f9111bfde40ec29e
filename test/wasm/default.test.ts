/**
 * The default backend: in a fresh Node process with no choice made, the first op creates the wasm
 * backend synchronously (threads = available cores) and makes it current; STRIATE_BACKEND picks the
 * reference backend instead; a bad value is a clear error; setBackend('wasm') creates it on demand.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';

const index = pathToFileURL(join(repoRoot, 'dist', 'src', 'index.js')).href;

function child(code: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    encoding: 'utf8', env: { ...process.env, STRIATE_BACKEND: '', ...env }, timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

const PROBE = `
import { tensor, getBackend } from ${JSON.stringify(index)};
const y = tensor([[1, 2], [3, 4]]).matmul(tensor([[1], [1]]));
const b = getBackend();
console.log(JSON.stringify({ name: b.name, threads: Reflect.get(b, 'threads') ?? 1, build: Reflect.get(b, 'build') ?? null, y: y.toArray() }));
`;

test('with no choice made, the first op runs on the wasm backend with one thread per core', () => {
  const r = child(PROBE);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { name: string; threads: number; build: string; y: number[] };
  assert.equal(out.name, 'wasm');
  assert.equal(out.threads, availableParallelism());
  assert.equal(out.build, 'simd', 'the library leaves V8 flags alone: relaxed SIMD only when enabled (Node 20) or native');
  assert.deepEqual(out.y, [3, 7]);
  assert.equal(r.stderr, '', 'no notice expected');
});

test('STRIATE_BACKEND=reference selects the reference backend; a bad value names the variable', () => {
  const r = child(PROBE, { STRIATE_BACKEND: 'reference' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { name: string }).name, 'reference');
  const bad = child(PROBE, { STRIATE_BACKEND: 'gpu' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /STRIATE_BACKEND must be 'reference' or 'wasm', got 'gpu'/);
});

test("setBackend('wasm') creates the wasm backend on demand", () => {
  const r = child(`
import { setBackend, getBackend, tensor } from ${JSON.stringify(index)};
setBackend('reference');
const a = tensor([1, 2]);
setBackend('wasm');
const b = tensor([3, 4]).add(1);
console.log(JSON.stringify({ a: a.toArray(), b: b.toArray(), name: getBackend().name }));
`);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { a: [1, 2], b: [4, 5], name: 'wasm' });
});
