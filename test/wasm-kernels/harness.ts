/**
 * Test harness for the wasm kernels: compiles src/backend/wasm/assembly/{gemm,conv,pool}.ts with the
 * `assemblyscript` compiler into a temp dir (both builds, once per process), instantiates them over a
 * shared memory and provides a KernelContext with a bump allocator (test-only; the real allocator is
 * src/backend/wasm/allocator.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import type { KernelCall, KernelContext, KernelExports } from '../../src/backend/wasm/kernels/context.js';

v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

export type Build = 'simd' | 'relaxed';
export const BUILDS: readonly Build[] = ['simd', 'relaxed'];

/** The repository root (works from test/ under tsx and from dist/test/ after tsc). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'src', 'backend', 'wasm'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
}

const KERNEL_FILES = ['gemm.ts', 'conv.ts', 'pool.ts'];
const modules = new Map<Build, Promise<WebAssembly.Module>>();

async function compile(build: Build): Promise<WebAssembly.Module> {
  const root = repoRoot();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'striate-wasm-kernels-'));
  const out = path.join(outDir, `${build}.wasm`);
  const { default: asc } = await import('assemblyscript/asc');
  const args = [
    ...KERNEL_FILES.map((f) => path.join(root, 'src', 'backend', 'wasm', 'assembly', f)),
    '-O3', '--runtime', 'stub', '--noAssert', '--importMemory', '--sharedMemory',
    '--initialMemory', '1', '--maximumMemory', '65536', '--exportRuntime',
    '--enable', build === 'relaxed' ? 'simd,threads,relaxed-simd' : 'simd,threads',
    '-o', out,
  ];
  if (build === 'relaxed') args.push('--use', 'RELAXED=1');
  const res = await asc.main(args, {});
  if (res.error) throw new Error(`asc failed: ${res.error.message}\n${res.stderr.toString()}`);
  const bytes = fs.readFileSync(out);
  fs.rmSync(outDir, { recursive: true, force: true });
  return new WebAssembly.Module(bytes);
}

export function loadModule(build: Build): Promise<WebAssembly.Module> {
  let m = modules.get(build);
  if (!m) {
    m = compile(build);
    modules.set(build, m);
  }
  return m;
}

export interface TestContext extends KernelContext {
  f32(ptr: number, length: number): Float32Array;
  upload(data: Float32Array): number;
  download(ptr: number, length: number): Float32Array;
  /** Calls that went through runCalls (batches of more than one call). */
  batches: number;
  /** The bump allocator's top, and a way back to it (frees everything allocated since). */
  mark(): number;
  release(mark: number): void;
}

/**
 * A context over a fresh shared memory. `threads` > 1 exercises the split ranges; the fake runCalls
 * runs the calls in reverse order on the same instance (any order must give the same result).
 */
export async function makeContext(build: Build, threads = 1): Promise<TestContext> {
  const mod = await loadModule(build);
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  const instance = new WebAssembly.Instance(mod, {
    env: { memory, abort: () => { throw new Error('wasm abort'); } },
  });
  const ex = instance.exports as unknown as KernelExports & { __heap_base?: WebAssembly.Global };
  let top = ex.__heap_base ? Number(ex.__heap_base.value) : 65536;
  top = (top + 15) & ~15;
  const ctx: TestContext = {
    exports: ex,
    memory,
    threads,
    batches: 0,
    alloc(bytes: number): number {
      const ptr = top;
      top = (top + bytes + 15) & ~15;
      const need = Math.ceil(top / 65536) - memory.buffer.byteLength / 65536;
      if (need > 0) memory.grow(need);
      return ptr;
    },
    free(): void { /* bump allocator */ },
    mark: () => top,
    release(mark: number): void { top = mark; },
    runCalls(calls: readonly KernelCall[]): void {
      ctx.batches++;
      const fns = ex as unknown as Record<string, (...a: number[]) => unknown>;
      for (let i = calls.length - 1; i >= 0; i--) fns[calls[i]!.fn]!(...calls[i]!.args);
    },
    f32(ptr: number, length: number): Float32Array {
      return new Float32Array(memory.buffer, ptr, length);
    },
    upload(data: Float32Array): number {
      const ptr = ctx.alloc(Math.max(4, data.length * 4));
      new Float32Array(memory.buffer, ptr, data.length).set(data);
      return ptr;
    },
    download(ptr: number, length: number): Float32Array {
      return new Float32Array(memory.buffer, ptr, length).slice();
    },
  };
  return ctx;
}

/** Fills `length` floats at ptr with garbage (NaN) so that kernels must overwrite. */
export function poison(ctx: TestContext, ptr: number, length: number): void {
  ctx.f32(ptr, length).fill(NaN);
}

export function randArray(rng: () => number, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng() * 2 - 1;
  return a;
}

/** |a - e| <= 1e-4 * max(1, |e|) elementwise. */
export function assertClose(actual: Float32Array, expected: ArrayLike<number>, label: string, rel = 1e-4): void {
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length} != ${expected.length}`);
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
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length} != ${expected.length}`);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const b = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) throw new Error(`${label}: index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}
