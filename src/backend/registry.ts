import type { Backend, DataHandle } from './backend.js';
import { ReferenceBackend } from './reference/index.js';
import { BUILTIN_BACKENDS, createBuiltinBackend, createDefaultBackend } from './default.js';
import type { BuiltinBackend } from './default.js';

const backends = new Map<string, Backend>();
let current: Backend | null = null;

export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

function ensureReference(): void {
  if (!backends.has('reference')) registerBackend(new ReferenceBackend());
}

const isBuiltin = (name: string): name is BuiltinBackend => (BUILTIN_BACKENDS as readonly string[]).includes(name);

/**
 * Selects the backend used for every new tensor and op. A built-in backend that is not registered
 * yet ('wasm' in Node) is created here, synchronously.
 */
export function setBackend(name: string): void {
  ensureReference();
  let b = backends.get(name);
  if (!b && isBuiltin(name)) {
    b = createBuiltinBackend(name);
    registerBackend(b);
  }
  if (!b) throw new Error(`setBackend: unknown backend '${name}' (registered: ${[...backends.keys()].join(', ')})`);
  current = b;
}

/**
 * The backend in use: the one `setBackend` chose, else the default (backend/default.ts: wasm in Node,
 * made on this first call; reference in browsers until `initWasmBackend` runs).
 */
export function getBackend(): Backend {
  if (current) return current;
  ensureReference();
  const b = createDefaultBackend();
  if (!backends.has(b.name)) registerBackend(b);
  current = backends.get(b.name)!;
  return current;
}

/** The backend that owns `handle` (a tensor is read and released by its own backend, whichever is current). */
export function backendOf(handle: DataHandle): Backend {
  if (current && current.name === handle.backendName) return current;
  const b = backends.get(handle.backendName);
  if (!b) throw new Error(`no registered backend '${handle.backendName}' owns this tensor`);
  return b;
}

/** Whether a backend has been chosen or made yet (nothing is created by asking). */
export function hasCurrentBackend(): boolean {
  return current !== null;
}

export function listBackends(): string[] {
  ensureReference();
  return [...backends.keys()];
}
