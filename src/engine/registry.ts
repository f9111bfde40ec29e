/**
 * The registry of backends and the current one. It knows no concrete backend: entry points
 * (`src/index.ts`, `src/browser.ts`, the CLI) register the built-in ones through
 * `backend/builtin.ts`, and anyone may register more with `registerBackend` or `registerBackendFactory`.
 */
import type { Backend, DataHandle } from './backend.js';

const backends = new Map<string, Backend>();
const factories = new Map<string, () => Backend>();
let current: Backend | null = null;
let makeDefault: (() => Backend) | null = null;

/** Registers a ready backend under its name (replacing one of the same name). */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
  if (current?.name === backend.name) current = backend;
}

/** Registers how to make the backend `name` synchronously when it is first selected with `setBackend`. */
export function registerBackendFactory(name: string, factory: () => Backend): void {
  factories.set(name, factory);
}

/** Sets what `getBackend` makes when no backend has been selected yet (the entry point's default). */
export function setDefaultBackend(make: () => Backend): void {
  makeDefault = make;
}

function instance(name: string): Backend | undefined {
  let b = backends.get(name);
  if (!b) {
    const make = factories.get(name);
    if (!make) return undefined;
    b = make();
    registerBackend(b);
  }
  return b;
}

/** Selects the backend used for every new tensor and op; a registered factory makes it on first use. */
export function setBackend(name: string): void {
  const b = instance(name);
  if (!b) throw new Error(`setBackend: unknown backend '${name}' (registered: ${listBackends().join(', ') || 'none'})`);
  current = b;
}

/** The backend in use: the one `setBackend` chose, else the entry point's default, made on this first call. */
export function getBackend(): Backend {
  if (current) return current;
  if (!makeDefault)
    throw new Error("no backend is registered: import 'striate' (or call installBuiltinBackends() from backend/builtin.ts, or registerBackend) before making tensors");
  const made = makeDefault();
  current = backends.get(made.name) ?? made;
  if (!backends.has(made.name)) registerBackend(made);
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

/** Names of the registered backends and factories. */
export function listBackends(): string[] {
  return [...new Set([...backends.keys(), ...factories.keys()])];
}
