/**
 * The wasm backend's worker pool: 2 threads give the 1-thread results (exactly for matmul, conv forward,
 * conv input grad and pooling; conv weight grad within 1e-5, its partials being summed per part), the
 * same thread count is bit-identical across runs (kernels and a few lecture-CNN training steps), a trap
 * in a worker surfaces as an error, and a process that never terminates its pool still exits.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { DType, TypedArray } from '../../src/engine/dtype.js';
import type { PrimitiveAttrs, ShapedPrimitive } from '../../src/engine/primitives.js';
import { inputsOf } from '../../src/engine/primitives.js';
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import type { WasmBackend } from '../../src/backend/wasm/index.js';
import { compileBuild, createMemory, instantiate } from '../../src/backend/wasm/loader.js';
import { WorkerPool } from '../../src/backend/wasm/pool/pool.js';
import type { KernelCall } from '../../src/backend/wasm/exports.js';
import { makeRng } from '../helpers/rng.js';
import { input, type Input } from './harness.js';
import { trainLecture } from './threads-train.js';

function run<P extends ShapedPrimitive>(b: WasmBackend, prim: P, inputs: readonly Input[], attrs: PrimitiveAttrs[P], shape: number[], dtype: DType = 'float32'): TypedArray {
  const args = inputs.map((i) => ({ handle: b.fromArray(i.data, i.dtype), shape: i.shape, dtype: i.dtype }));
  return b.read(b.run(prim, inputsOf(prim, args), attrs, { shape, dtype }), dtype);
}

function assertBitEqual(got: TypedArray, want: TypedArray, label: string): void {
  assert.equal(got.length, want.length, `${label}: length`);
  const g = new Uint8Array(got.buffer, got.byteOffset, got.byteLength);
  const w = new Uint8Array(want.buffer, want.byteOffset, want.byteLength);
  const bad = g.findIndex((v, i) => v !== w[i]);
  assert.equal(bad, -1, `${label}: first difference at element ${Math.floor(bad / 4)} (${got[Math.floor(bad / 4)]} vs ${want[Math.floor(bad / 4)]})`);
}

/**
 * Normwise: max |got - want| <= tol * max(1, max |want|). A different summation order moves an element
 * by a few ulps of the sum of |terms|, not of the (possibly cancelled) element itself.
 */
function assertClose(got: TypedArray, want: TypedArray, tol: number, label: string): void {
  assert.equal(got.length, want.length, `${label}: length`);
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  for (let i = 0; i < want.length; i++)
    assert.ok(Math.abs(got[i]! - want[i]!) <= tol * scale, `${label}[${i}]: ${got[i]} vs ${want[i]} (scale ${scale})`);
}

const conv = { stride: [1, 1] as [number, number], padding: [0, 0] as [number, number], dilation: [1, 1] as [number, number], groups: 1 };
const pool2 = { kernelSize: [2, 2] as [number, number], stride: [2, 2] as [number, number], padding: [0, 0] as [number, number], dilation: [1, 1] as [number, number], ceilMode: false };

/** The lecture CNN's heavy calls at batch 64: [name, prim, inputs, attrs, out shape, exact?]. */
function lectureCases(): { name: string; go: (b: WasmBackend) => TypedArray; exact: boolean }[] {
  const rng = makeRng(7);
  const x1 = input(rng, 'float32', [64, 1, 28, 28]), w1 = input(rng, 'float32', [32, 1, 3, 3]), b1 = input(rng, 'float32', [32]);
  const x2 = input(rng, 'float32', [64, 32, 13, 13]), w2 = input(rng, 'float32', [64, 32, 3, 3]), b2 = input(rng, 'float32', [64]);
  const dy1 = input(rng, 'float32', [64, 32, 26, 26]), dy2 = input(rng, 'float32', [64, 64, 11, 11]);
  const f = input(rng, 'float32', [64, 1600]), wf = input(rng, 'float32', [1600, 1024]), dh = input(rng, 'float32', [64, 1024]);
  const h = input(rng, 'float32', [64, 1024]), wf2 = input(rng, 'float32', [1024, 10]);
  const bat = input(rng, 'float32', [8, 96, 80]), bbt = input(rng, 'float32', [8, 72, 80]);
  return [
    { name: 'fc1 forward [64,1600]@[1600,1024]', exact: true, go: (b) => run(b, 'matmul', [f, wf], { transA: false, transB: false }, [64, 1024]) },
    { name: 'fc1 dx [64,1024]@[1600,1024]^T', exact: true, go: (b) => run(b, 'matmul', [dh, wf], { transA: false, transB: true }, [64, 1600]) },
    { name: 'fc1 dw [64,1600]^T@[64,1024]', exact: true, go: (b) => run(b, 'matmul', [f, dh], { transA: true, transB: false }, [1600, 1024]) },
    { name: 'fc2 forward [64,1024]@[1024,10]', exact: true, go: (b) => run(b, 'matmul', [h, wf2], { transA: false, transB: false }, [64, 10]) },
    { name: 'batched [8,96,80]@[8,72,80]^T', exact: true, go: (b) => run(b, 'matmul', [bat, bbt], { transA: false, transB: true }, [8, 96, 72]) },
    { name: 'conv1 forward', exact: true, go: (b) => run(b, 'conv2d', [x1, w1, b1], conv, [64, 32, 26, 26]) },
    { name: 'conv2 forward', exact: true, go: (b) => run(b, 'conv2d', [x2, w2, b2], conv, [64, 64, 11, 11]) },
    { name: 'conv2 input grad', exact: true, go: (b) => run(b, 'conv2dInputGrad', [dy2, w2], conv, [64, 32, 13, 13]) },
    { name: 'conv1 weight grad', exact: false, go: (b) => run(b, 'conv2dWeightGrad', [x1, dy1], conv, [32, 1, 3, 3]) },
    { name: 'conv2 weight grad', exact: false, go: (b) => run(b, 'conv2dWeightGrad', [x2, dy2], conv, [64, 32, 3, 3]) },
    { name: 'max pool 2x2', exact: true, go: (b) => run(b, 'maxPool2d', [dy1], pool2, [64, 32, 13, 13]) },
    { name: 'max pool grad', exact: true, go: (b) => run(b, 'maxPool2dGrad', [x2, input(makeRng(3), 'float32', [64, 32, 6, 6])], pool2, [64, 32, 13, 13]) },
  ];
}

describe('wasm worker pool', () => {
  let one: WasmBackend;
  let two: WasmBackend;
  before(async () => {
    one = await createWasmBackend({ threads: 1 });
    two = await createWasmBackend({ threads: 2 });
  });
  after(async () => {
    await two.terminate();
  });

  test('threads option: 1 starts no pool, 2 starts one worker', () => {
    assert.equal(one.threads, 1);
    assert.equal(two.threads, 2);
  });

  test('2 threads equal 1 thread on the lecture CNN shapes (weight grad within 1e-5)', () => {
    const jobs0 = two.parallelJobs;
    for (const c of lectureCases()) {
      const want = c.go(one);
      const got = c.go(two);
      if (c.exact) assertBitEqual(got, want, c.name);
      else assertClose(got, want, 1e-5, c.name);
    }
    assert.ok(two.parallelJobs - jobs0 >= 8, `the pool ran ${two.parallelJobs - jobs0} split calls`);
    assert.equal(one.parallelJobs, 0);
  });

  test('the same thread count is bit-identical across runs (weight grad included)', () => {
    for (const c of lectureCases()) assertBitEqual(c.go(two), c.go(two), `${c.name} (2 threads, twice)`);
  });

  test('lecture CNN training: 2 threads twice bit-identical, close to 1 thread', async () => {
    const a = await trainLecture(two, 3, 32);
    const b = await trainLecture(two, 3, 32);
    const r = await trainLecture(one, 3, 32);
    assert.deepEqual(a.losses, b.losses);
    a.params.forEach((p, i) => assertBitEqual(p, b.params[i]!, `param ${i} (2 threads, twice)`));
    a.losses.forEach((l, i) => assert.ok(Math.abs(l - r.losses[i]!) < 1e-4, `loss ${i}: ${l} vs ${r.losses[i]}`));
    a.params.forEach((p, i) => assertClose(p, r.params[i]!, 1e-4, `param ${i} (2 vs 1 thread)`));
  });

  test('terminate: the backend keeps working on one thread', async () => {
    const b = await createWasmBackend({ threads: 2 });
    const c = lectureCases()[0]!;
    const before = c.go(b);
    await b.terminate();
    assert.equal(b.threads, 1);
    const jobs = b.parallelJobs;
    assertBitEqual(c.go(b), before, 'after terminate');
    assert.equal(b.parallelJobs, jobs);
    await b.terminate(); // idempotent
  });
});

describe('wasm worker pool failures', () => {
  let pool: WorkerPool;
  let exports: WebAssembly.Exports;
  let memory: WebAssembly.Memory;
  before(async () => {
    const module = await compileBuild('simd');
    memory = createMemory(true);
    exports = (await instantiate(module, memory)).exports;
    pool = await WorkerPool.create({ module, memory, workers: 1 });
  });
  after(async () => {
    await pool.terminate();
  });
  const local = (c: KernelCall): void => {
    const f = exports[c.fn];
    if (typeof f !== 'function') throw new Error(`no export ${c.fn}`);
    Reflect.apply(f, undefined, c.args);
  };
  /** matmul of 4x4 @ 4x4 rows [s, e) at the start of memory above 1 MiB; `bad` points a far out of bounds. */
  const mm = (s: number, e: number, bad = false): KernelCall => ({
    fn: 'matmul_f32', args: [0, 0, 1, 4, 4, 4, bad ? 0x7ff0_0000 : 1 << 20, (1 << 20) + 64, (1 << 20) + 128, s, e, (1 << 20) + 4096],
  });

  test('a trap in a worker is an error on the main thread, and the pool still works', () => {
    assert.throws(() => pool.run([mm(0, 2), mm(2, 4, true)], local), /wasm worker 1 failed in matmul_f32: .*out of bounds/);
    pool.run([mm(0, 2), mm(2, 4)], local);
    assert.equal(pool.jobs, 2);
  });

  test('a trap in the main thread\'s part waits for the workers, then throws', () => {
    assert.throws(() => pool.run([mm(0, 2, true), mm(2, 4)], local), /out of bounds/);
    pool.run([mm(0, 2), mm(2, 4)], local);
  });

  test('a job posted right after the pool starts is served (no lost first job)', async () => {
    const module = await compileBuild('simd');
    for (let i = 0; i < 5; i++) {
      const p = await WorkerPool.create({ module, memory, workers: 1 });
      p.run([mm(0, 2), mm(2, 4)], local);
      assert.equal(p.jobs, 1);
      await p.terminate();
    }
  });

  test('after terminate, run throws instead of hanging', async () => {
    const p = await WorkerPool.create({ module: await compileBuild('simd'), memory, workers: 1 });
    await p.terminate();
    assert.throws(() => p.run([mm(0, 2), mm(2, 4)], local), /terminated/);
  });
});

test('a process that never terminates its pool exits by itself', () => {
  const fromSource = import.meta.url.endsWith('.ts');
  const index = new URL(`../../src/backend/wasm/index.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;
  const code = `
    const { createWasmBackend } = await import(${JSON.stringify(index)});
    const b = await createWasmBackend({ threads: 2 });
    const x = b.fromArray(new Float32Array(256 * 256).fill(1), 'float32');
    const y = b.read(b.run('matmul', [{ handle: x, shape: [256, 256], dtype: 'float32' }, { handle: x, shape: [256, 256], dtype: 'float32' }],
      { transA: false, transB: false }, { shape: [256, 256], dtype: 'float32' }), 'float32');
    console.log(b.threads, b.parallelJobs, y[0]);`;
  const args = [...(fromSource ? ['--import', 'tsx'] : []), '--input-type=module', '-e', code];
  const t0 = performance.now();
  const res = spawnSync(process.execPath, args, { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 60_000 });
  assert.equal(res.error, undefined, `spawn: ${String(res.error)}`);
  assert.equal(res.status, 0, `exit status ${res.status} (signal ${res.signal}); stderr: ${res.stderr}`);
  assert.equal(res.stdout.trim(), '2 1 256');
  assert.ok(performance.now() - t0 < 30_000);
});
