/**
 * Starts the default backend asynchronously, for hosts that cannot make it on first use (browsers):
 * the wasm backend with one thread per core where this thread may block in `Atomics.wait` (workers,
 * and where there is no SharedArrayBuffer, so that the single-thread fallback is noticed), else one
 * thread (a page's main thread); the reference backend, after a one-time notice, if wasm cannot start.
 */
import { hasCurrentBackend, setBackend } from '../engine/registry.js';
import { defaultBackendName, installBuiltinBackends, noticeWasmFailed } from './builtin.js';
import { initWasmBackend } from './wasm/index.js';
import { availableCores, canBlock } from './wasm/pool/environment.js';

export async function startDefaultBackend(): Promise<void> {
  installBuiltinBackends();
  if (hasCurrentBackend()) return;
  if (defaultBackendName() === 'reference') {
    setBackend('reference');
    return;
  }
  try {
    const threads = canBlock() || typeof SharedArrayBuffer === 'undefined' ? availableCores() : 1;
    await initWasmBackend({ threads });
  } catch (e) {
    noticeWasmFailed(e);
    setBackend('reference');
  }
}
