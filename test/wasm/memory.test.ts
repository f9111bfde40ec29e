/**
 * Handles free their wasm memory when garbage collected: a child process (node --expose-gc) makes
 * 10,000 iterations of short-lived 4 KiB tensors (40,000 tensors, 160 MiB in total) yielding to the
 * event loop every 100 iterations, and the memory must stay at its initial 16 MiB. Without any flag and
 * without ever yielding (a plain synchronous loop), the backend's own collector (gc.ts: a host gc plus
 * synchronous finalizers) must keep it bounded too.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const fromSource = import.meta.url.endsWith('.ts');
const child = fileURLToPath(new URL(`./fixtures/soak.${fromSource ? 'ts' : 'js'}`, import.meta.url));

interface SoakResult {
  single: { baseline: number; withOne: number; afterOne: number; freed: boolean };
  initialCapacity: number;
  capacity: number;
  grows: number;
  maxAllocated: number;
  finalAllocated: number;
}

function soak(...args: string[]): SoakResult {
  return soakWith(['--expose-gc'], args);
}

function soakWith(flags: string[], args: string[]): SoakResult {
  const node = [...(fromSource ? ['--import', 'tsx'] : []), ...flags, child, ...args];
  const out = execFileSync(process.execPath, node, { encoding: 'utf8', env: { ...process.env, STRIATE_WASM_BUILD: 'simd' } });
  const parsed: SoakResult = JSON.parse(out.trim().split('\n').pop()!);
  return parsed;
}

test('a collected handle returns its block to the allocator', () => {
  const r = soak('0', '0', 'gc');
  assert.ok(r.single.withOne >= r.single.baseline + 4096 * 4);
  assert.equal(r.single.afterOne, r.single.baseline);
});

test('10,000 iterations of short-lived tensors keep the memory bounded', () => {
  const r = soak('10000', '100', 'gc');
  assert.equal(r.grows, 0, `memory grew ${r.grows} times (capacity ${r.capacity})`);
  assert.equal(r.capacity, r.initialCapacity);
  assert.ok(r.maxAllocated < 8 * 1024 * 1024, `peak live bytes ${r.maxAllocated}`);
  assert.ok(r.finalAllocated < 64 * 1024, `bytes still live at the end: ${r.finalAllocated}`);
});

test('with gc exposed but never called by the user, the allocator pressure hook keeps memory bounded', () => {
  const r = soak('10000', '100');
  assert.ok(r.capacity <= 2 * r.initialCapacity, `capacity ${r.capacity}`);
});

test('a synchronous loop that never yields, in a process started without flags, stays bounded', () => {
  const r = soakWith([], ['10000', '0']);
  assert.ok(r.capacity <= 2 * r.initialCapacity, `capacity ${r.capacity} (initial ${r.initialCapacity}), grew ${r.grows} times`);
  assert.ok(r.maxAllocated < 16 * 1024 * 1024, `peak live bytes ${r.maxAllocated}`);
});
