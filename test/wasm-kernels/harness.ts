/**
 * Test harness for the split kernels (matmul, conv, pool) of the built modules (dist/wasm/, both builds):
 *   - `backendFor(build, threads)`: a real `WasmBackend` (`createWasmBackend`) with `minWorkPerPart: 1`,
 *     so that with threads > 1 every call with more than one unit of work is split over the worker
 *     pool; `runPrim` runs a primitive through `Backend.run` and reads the result back;
 *   - `rawModule(build)`: an instance's typed exports (`WasmExports`) with the backend's allocator, for
 *     calling exports directly on sub-ranges.
 * Relaxed SIMD is switched on for the test process (`enableRelaxedSimd`).
 */
import type { KernelArg } from '../../src/engine/backend.js';
import type { PrimitiveAttrs, ShapedPrimitive } from '../../src/engine/primitives.js';
import { inputsOf } from '../../src/engine/primitives.js';
import { createWasmBackend, enableRelaxedSimd } from '../../src/backend/wasm/index.js';
import type { WasmBackend, WasmBuild } from '../../src/backend/wasm/index.js';
import { ALIGN, Allocator, PAGE_BYTES } from '../../src/backend/wasm/allocator.js';
import type { WasmExports } from '../../src/backend/wasm/exports.js';
import { wasmExports } from '../../src/backend/wasm/exports.js';
import { MAXIMUM_PAGES, compileBuild, createMemory, instantiate } from '../../src/backend/wasm/loader.js';

if (!(await enableRelaxedSimd())) throw new Error('relaxed SIMD could not be enabled on this Node');

export type Build = Exclude<WasmBuild, 'auto'>;
export const BUILDS: readonly Build[] = ['simd', 'relaxed'];

const backends = new Map<string, Promise<WasmBackend>>();

/** A wasm backend of `build` with `threads` threads that splits every call it can (cached per process). */
export function backendFor(build: Build, threads: number): Promise<WasmBackend> {
  const key = `${build}/${threads}`;
  let b = backends.get(key);
  if (!b) {
    b = createWasmBackend({ build, threads, minWorkPerPart: 1 });
    backends.set(key, b);
  }
  return b;
}

/** Stops the pools of every backend made here. */
export async function closeBackends(): Promise<void> {
  for (const b of backends.values()) await (await b).terminate();
  backends.clear();
}

/** A float32 input on `b` holding a copy of `data`. */
export function upload(b: WasmBackend, data: Float32Array, shape: readonly number[]): KernelArg {
  return { handle: b.fromArray(data, 'float32'), shape: [...shape], dtype: 'float32' };
}

/** Runs `prim` on `b` (inputs listed in the spec's order) and returns the float32 result. */
export function runPrim<P extends ShapedPrimitive>(b: WasmBackend, prim: P, inputs: readonly KernelArg[], attrs: PrimitiveAttrs[P],
  outShape: readonly number[]): Float32Array {
  const h = b.run(prim, inputsOf(prim, inputs), attrs, { shape: [...outShape], dtype: 'float32' });
  const out = b.read(h, 'float32');
  if (!(out instanceof Float32Array)) throw new Error(`${prim}: expected a Float32Array result, got ${out.constructor.name}`);
  b.release(h);
  return out;
}

/** An instance's typed exports over a fresh shared memory, with the backend's allocator above its static data. */
export interface RawModule {
  readonly exports: WasmExports;
  readonly memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  f32(ptr: number, length: number): Float32Array;
  upload(data: Float32Array): number;
  download(ptr: number, length: number): Float32Array;
  /** Writes i32 words into a fresh block (geometry records). */
  words(values: readonly number[]): number;
}

export async function rawModule(build: Build): Promise<RawModule> {
  const memory = createMemory(true);
  const exports = wasmExports((await instantiate(await compileBuild(build), memory)).exports);
  const allocator = new Allocator(memory, Math.ceil(exports.heap_base() / ALIGN) * ALIGN, MAXIMUM_PAGES * PAGE_BYTES);
  const m: RawModule = {
    exports,
    memory,
    alloc: (bytes) => allocator.alloc(bytes),
    f32: (ptr, length) => new Float32Array(memory.buffer, ptr, length),
    upload(data) {
      const ptr = allocator.alloc(data.length * 4);
      m.f32(ptr, data.length).set(data);
      return ptr;
    },
    download: (ptr, length) => m.f32(ptr, length).slice(),
    words(values) {
      const ptr = allocator.alloc(values.length * 4);
      new Int32Array(memory.buffer, ptr, values.length).set(values);
      return ptr;
    },
  };
  return m;
}

/** Fills `length` floats at ptr with garbage (NaN) so that kernels must overwrite. */
export function poison(m: RawModule, ptr: number, length: number): void {
  m.f32(ptr, length).fill(NaN);
}

export function randArray(rng: () => number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng() * 2 - 1;
  return a;
}

/** |a - e| <= rel * max(1, |e|) elementwise (NaN matches NaN). */
export function assertClose(actual: Float32Array, expected: ArrayLike<number>, label: string, rel = 1e-4): void {
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (e === a) continue;
    if (!(Math.abs(a - e) <= rel * Math.max(1, Math.abs(e)))) {
      throw new Error(`${label}: index ${i}: got ${a}, expected ${e}`);
    }
  }
}

/** Bitwise equality (NaN-aware). */
export function assertIdentical(actual: Float32Array, expected: Float32Array, label: string): void {
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const b = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) throw new Error(`${label}: index ${i}: got ${actual[i]}, expected ${expected[i]}`);
  }
}
