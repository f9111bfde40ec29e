/** The JS-side allocator over a WebAssembly.Memory: alignment, reuse, coalescing, growth, limits. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALIGN, Allocator, PAGE_BYTES } from '../../src/backend/wasm/allocator.js';
import { makeRng, randInt } from '../helpers/rng.js';

const make = (pages = 1, maxPages = 64, base = 1024) =>
  new Allocator(new WebAssembly.Memory({ initial: pages, maximum: maxPages, shared: true }), base, maxPages * PAGE_BYTES);

test('blocks are 16-byte aligned, above the base, and disjoint', () => {
  const a = make();
  const sizes = [1, 15, 16, 17, 100, 4096, 3];
  const blocks = sizes.map((s) => ({ ptr: a.alloc(s), size: s }));
  for (const b of blocks) {
    assert.equal(b.ptr % ALIGN, 0);
    assert.ok(b.ptr >= 1024);
  }
  const sorted = [...blocks].sort((x, y) => x.ptr - y.ptr);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1]!.ptr + sorted[i - 1]!.size <= sorted[i]!.ptr);
});

test('a freed block is reused, and freeing the topmost block lowers top', () => {
  const a = make();
  const p = a.alloc(256);
  const q = a.alloc(256);
  a.free(p);
  assert.equal(a.alloc(200), p);
  const top = a.stats().top;
  a.free(q); // merges with the 48 bytes left of p's block, then with top
  assert.equal(a.stats().top, p + 208);
  assert.ok(a.stats().top < top);
  assert.equal(a.alloc(256), p + 208);
});

test('adjacent free blocks coalesce (and merge into top)', () => {
  const a = make();
  const p = a.alloc(64);
  const q = a.alloc(64);
  const r = a.alloc(64);
  const guard = a.alloc(16);
  a.free(p);
  a.free(r);
  assert.equal(a.stats().freeBlocks, 2);
  a.free(q); // joins p and r
  assert.equal(a.stats().freeBlocks, 1);
  assert.equal(a.stats().freeBytes, 192);
  assert.equal(a.alloc(192), p);
  a.free(p);
  a.free(guard);
  assert.equal(a.stats().freeBlocks, 0);
  assert.equal(a.stats().top, 1024);
  assert.equal(a.stats().allocatedBytes, 0);
});

test('grows the memory when needed; views must be re-created from the new buffer', () => {
  const mem = new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true });
  const a = new Allocator(mem, 1024, 64 * PAGE_BYTES);
  const p = a.alloc(1000);
  new Float32Array(mem.buffer, p, 250).fill(7);
  const before = mem.buffer;
  const big = a.alloc(3 * PAGE_BYTES);
  assert.notEqual(mem.buffer, before);
  assert.ok(mem.buffer.byteLength >= big + 3 * PAGE_BYTES);
  assert.equal(a.stats().grows, 1);
  assert.equal(new Float32Array(mem.buffer, p, 250)[249], 7, 'contents survive growth');
});

test('out of memory is a clear RangeError; a double free throws', () => {
  const a = make(1, 2);
  assert.throws(() => a.alloc(3 * PAGE_BYTES), /out of memory/);
  const p = a.alloc(32);
  a.free(p);
  assert.throws(() => a.free(p), /unknown pointer/);
});

test('random alloc/free keeps blocks disjoint and the books balanced', () => {
  const a = make(1, 256);
  const rng = makeRng(42);
  const live = new Map<number, number>();
  for (let i = 0; i < 5000; i++) {
    if (live.size > 0 && rng() < 0.45) {
      const keys = [...live.keys()];
      const p = keys[randInt(rng, 0, keys.length - 1)]!;
      a.free(p);
      live.delete(p);
    } else {
      const size = randInt(rng, 1, rng() < 0.1 ? 20000 : 300);
      live.set(a.alloc(size), size);
    }
  }
  const sorted = [...live.entries()].sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1]![0] + sorted[i - 1]![1] <= sorted[i]![0], 'overlap');
  let bytes = 0;
  for (const [, s] of live) bytes += Math.max(ALIGN, Math.ceil(s / ALIGN) * ALIGN);
  const st = a.stats();
  assert.equal(st.allocatedBytes, bytes);
  assert.equal(st.liveBlocks, live.size);
  assert.equal(st.allocatedBytes + st.freeBytes, st.top - 1024);
  for (const [p] of live) a.free(p);
  assert.equal(a.stats().top, 1024);
});
