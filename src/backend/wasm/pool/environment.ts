/**
 * What the host allows the worker pool to do: how many cores it has, whether this thread may block
 * (`Atomics.wait`), and the one-time notices printed when threads are asked for but cannot be used.
 */
import { isNode } from '../probe.js';
import { nodeBuiltin } from '../loader.js';
import type { WasmFeatures } from '../probe.js';

/** Available cores: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers; at least 1. */
export function availableCores(): number {
  if (isNode()) {
    const os = nodeBuiltin('node:os');
    return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  }
  const nav: unknown = Reflect.get(globalThis, 'navigator');
  const n = typeof nav === 'object' && nav !== null ? Reflect.get(nav, 'hardwareConcurrency') : undefined;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 1;
}

/**
 * Whether this thread may block in `Atomics.wait`: true in Node (main thread and workers) and in
 * browser workers, false on a browser's main thread (where it throws).
 */
export function canBlock(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** Why `threads > 1` cannot be honoured here, or null when it can. */
export function whyNoThreads(features: WasmFeatures, blockingAllowed: boolean): string | null {
  if (!features.sharedArrayBuffer || !features.sharedMemory)
    return features.crossOriginIsolated
      ? 'shared memory is unavailable in this environment'
      : 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  if (typeof Worker === 'undefined' && !features.node) return 'this environment has no Worker';
  if (!blockingAllowed)
    return "this is a browser's main thread, which cannot block in Atomics.wait; run training in a dedicated worker to use threads (see src/backend/wasm/README.md)";
  return null;
}

const noticed = new Set<string>();

/** `console.warn`s `message` once per process/page (per distinct message). */
export function noticeOnce(message: string): void {
  if (noticed.has(message)) return;
  noticed.add(message);
  console.warn(message);
}
