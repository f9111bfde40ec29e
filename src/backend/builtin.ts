/**
 * The built-in backends and the default choice, registered with the engine's registry by the entry
 * points (`src/index.ts`, `src/browser.ts`, the CLI): the reference backend, and the wasm backend
 * (WebAssembly SIMD + threads), which is the default. In Node the default is made synchronously on first
 * use (`createWasmBackendSync`); in browsers the browser entry starts it before user code runs
 * (`builtin-async.ts`). The reference backend runs where wasm cannot start (a missing kernel module, no
 * SIMD128), after a one-time notice saying why.
 *
 * `STRIATE_BACKEND=reference|wasm` in the environment overrides the default (as PyTorch users set a
 * device by environment in scripts); `setBackend` in code overrides both.
 */
import type { Backend } from '../engine/backend.js';
import { registerBackendFactory, setDefaultBackend } from '../engine/registry.js';
import { ReferenceBackend } from './reference/index.js';
import { createWasmBackendSync } from './wasm/index.js';
import { isNode } from './wasm/probe.js';
import { noticeOnce } from './wasm/pool/environment.js';

export const BUILTIN_BACKENDS = ['reference', 'wasm'] as const;
export type BuiltinBackend = (typeof BUILTIN_BACKENDS)[number];

let installed = false;

/** Registers the reference and wasm backends and the default choice (idempotent). */
export function installBuiltinBackends(): void {
  if (installed) return;
  installed = true;
  registerBackendFactory('reference', () => new ReferenceBackend());
  registerBackendFactory('wasm', createWasmSync);
  setDefaultBackend(createDefaultBackend);
}

/** The default backend's name: STRIATE_BACKEND when set (Node), else 'wasm'. */
export function defaultBackendName(): BuiltinBackend {
  const v = isNode() ? process.env['STRIATE_BACKEND'] : undefined;
  if (v !== undefined && v !== '') {
    if (v === 'reference' || v === 'wasm') return v;
    throw new Error(`STRIATE_BACKEND must be 'reference' or 'wasm', got '${v}'`);
  }
  return 'wasm';
}

/** The wasm backend, synchronously: Node only (errors say why). */
function createWasmSync(): Backend {
  if (!isNode()) throw new Error("the wasm backend starts asynchronously in browsers: call `await initWasmBackend()` (from 'striate/wasm') first");
  return createWasmBackendSync();
}

/**
 * The default backend on first use, falling back to the reference backend (with a notice) when wasm
 * cannot start synchronously: always in browsers, where the browser entry (browser.ts) starts it
 * before user code runs, so this is reached only when that entry was bypassed.
 */
function createDefaultBackend(): Backend {
  if (defaultBackendName() === 'reference') return new ReferenceBackend();
  if (!isNode()) {
    noticeOnce("striate: running on the reference backend: in browsers the wasm backend starts asynchronously; import 'striate' through its browser entry (bundlers pick it) or call `await initWasmBackend()` first");
    return new ReferenceBackend();
  }
  try {
    return createWasmBackendSync();
  } catch (e) {
    noticeWasmFailed(e);
    return new ReferenceBackend();
  }
}

/** The one-time notice that the default falls back to the reference backend because wasm failed with `e`. */
export function noticeWasmFailed(e: unknown): void {
  noticeOnce(`striate: using the reference backend because the wasm backend could not start (${e instanceof Error ? e.message : String(e)})`);
}
