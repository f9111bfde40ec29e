/**
 * Finds, compiles and instantiates the kernel modules built by scripts/build-wasm.mjs.
 *
 * Location: the compiled loader lives at dist/src/backend/wasm/loader.js and the modules at
 * dist/wasm/, i.e. `../../../wasm/` relative to it (resolved from `import.meta.url`, so it works for an
 * installed package and in browsers, where the file is fetched by URL). Run from source
 * (src/backend/wasm/loader.ts under tsx), the modules are looked up in `<repo>/dist/wasm/` instead.
 */
import { isNode } from './probe.js';
import type { WasmFeatures } from './probe.js';

export type WasmBuild = 'simd' | 'relaxed';
/** `auto` = relaxed when the engine validates relaxed SIMD, else simd. */
export type WasmBuildChoice = WasmBuild | 'auto';

/** Pages of the memory at start (16 MiB) and the maximum (65536 pages = 4 GiB), as in the build flags. */
export const INITIAL_PAGES = 256;
export const MAXIMUM_PAGES = 65536;

/** The module's file: `striate-<build>.wasm` imports a shared memory, `-unshared` an ordinary one. */
export function wasmFileName(build: WasmBuild, shared = true): string {
  return `striate-${build}${shared ? '' : '-unshared'}.wasm`;
}

/** Candidate URLs of a build's module, most likely first. */
export function wasmUrls(build: WasmBuild, shared = true): [URL, ...URL[]] {
  const name = wasmFileName(build, shared);
  return [new URL(`../../../wasm/${name}`, import.meta.url), new URL(`../../../dist/wasm/${name}`, import.meta.url)];
}

/** The build forced by the environment variable STRIATE_WASM_BUILD (simd|relaxed|auto), if any. */
export function buildFromEnv(): WasmBuildChoice | undefined {
  if (!isNode()) return undefined;
  const v = process.env['STRIATE_WASM_BUILD'];
  if (v === undefined || v === '') return undefined;
  if (v === 'simd' || v === 'relaxed' || v === 'auto') return v;
  throw new Error(`STRIATE_WASM_BUILD must be 'simd', 'relaxed' or 'auto', got '${v}'`);
}

/**
 * Picks the build: an explicit `requested` build wins, then STRIATE_WASM_BUILD, then `auto`.
 * Throws a clear error when the engine lacks SIMD128, or when relaxed is forced but does not
 * validate. (Without shared memory the caller uses the `-unshared` module on one thread.)
 */
export function chooseBuild(features: WasmFeatures, requested: WasmBuildChoice = 'auto'): WasmBuild {
  if (!features.simd)
    throw new Error(
      'wasm backend: this JavaScript engine does not support WebAssembly SIMD128 ' +
        '(Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4 do); use the reference backend instead',
    );
  const choice = requested === 'auto' ? (buildFromEnv() ?? 'auto') : requested;
  if (choice === 'relaxed' && !features.relaxedSimd)
    throw new Error(
      "wasm backend: the relaxed build was requested but relaxed SIMD does not validate here; on Node 20 call `await enableRelaxedSimd()` before creating the backend",
    );
  if (choice === 'auto') return features.relaxedSimd ? 'relaxed' : 'simd';
  return choice;
}

async function readBytes(urls: readonly URL[]): Promise<Uint8Array<ArrayBuffer>> {
  const errors: string[] = [];
  for (const url of urls) {
    try {
      if (isNode() && url.protocol === 'file:') {
        const { readFile } = await import('node:fs/promises');
        const file = await readFile(url);
        const bytes = new Uint8Array(file.byteLength);
        bytes.set(file);
        return bytes;
      }
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      errors.push(`${url.href}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`wasm backend: kernel module not found (run \`npm run build\`); tried ${errors.join('; ')}`);
}

const compiled = new Map<string, Promise<WebAssembly.Module>>();

/** Compiles a build's module once per process (or per explicit URL). */
export function compileBuild(build: WasmBuild, url?: string | URL, shared = true): Promise<WebAssembly.Module> {
  const urls: [URL, ...URL[]] = url === undefined ? wasmUrls(build, shared) : [new URL(url)];
  const key = urls[0].href;
  let p = compiled.get(key);
  if (!p) {
    p = readBytes(urls).then((bytes) => WebAssembly.compile(bytes));
    p.catch(() => compiled.delete(key));
    compiled.set(key, p);
  }
  return p;
}

const compiledSync = new Map<string, WebAssembly.Module>();

/**
 * Node only, synchronous: reads and compiles a build's module (once per process). Used to create the
 * default backend on first use, when no `await` is possible. Throws where `process.getBuiltinModule`
 * (Node >= 20.16) is missing or the file cannot be read.
 */
export function compileBuildSync(build: WasmBuild, shared = true): WebAssembly.Module {
  const urls = wasmUrls(build, shared);
  const key = urls[0].href;
  const hit = compiledSync.get(key);
  if (hit) return hit;
  const fs = nodeBuiltin('node:fs');
  const errors: string[] = [];
  for (const url of urls) {
    try {
      const file = fs.readFileSync(url);
      const bytes = new Uint8Array(file.byteLength);
      bytes.set(file);
      const module = new WebAssembly.Module(bytes);
      compiledSync.set(key, module);
      return module;
    } catch (e) {
      errors.push(`${url.href}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`wasm backend: kernel module not found (run \`npm run build\`); tried ${errors.join('; ')}`);
}

/** Node built-in modules, synchronously (`process.getBuiltinModule`, Node >= 20.16). */
export function nodeBuiltin<K extends 'node:fs' | 'node:os' | 'node:v8' | 'node:vm' | 'node:worker_threads'>(id: K): NodeBuiltins[K] {
  if (!isNode() || typeof process.getBuiltinModule !== 'function')
    throw new Error('wasm backend: synchronous start needs Node >= 20.16 (process.getBuiltinModule); call `await initWasmBackend()` instead');
  return process.getBuiltinModule(id) as NodeBuiltins[K];
}

export interface NodeBuiltins {
  'node:fs': typeof import('node:fs');
  'node:os': typeof import('node:os');
  'node:v8': typeof import('node:v8');
  'node:vm': typeof import('node:vm');
  'node:worker_threads': typeof import('node:worker_threads');
}

/** A fresh memory (shared or not, matching the module's import) of INITIAL_PAGES pages, growable to 4 GiB. */
export function createMemory(shared: boolean): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared });
}

/** Instantiates `module` over `memory` (imports: env.memory, env.abort). */
export async function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<WebAssembly.Instance> {
  return WebAssembly.instantiate(module, imports(memory));
}

/** Synchronous `instantiate` (fine for an already compiled module, in Node and in workers). */
export function instantiateSync(module: WebAssembly.Module, memory: WebAssembly.Memory): WebAssembly.Instance {
  return new WebAssembly.Instance(module, imports(memory));
}

function imports(memory: WebAssembly.Memory): WebAssembly.Imports {
  const abort = (msg: number, file: number, line: number, col: number): never => {
    throw new Error(`wasm kernel aborted at ${line}:${col} (message ${msg}, file ${file})`);
  };
  return { env: { memory, abort } };
}
