import type { Backend } from './backend.js';
import { ReferenceBackend } from './reference/index.js';

const backends = new Map<string, Backend>();
let current: Backend | null = null;

export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

function ensureDefaults(): void {
  if (!backends.has('reference')) registerBackend(new ReferenceBackend());
}

/** Selects the backend used for every new tensor and op. */
export function setBackend(name: string): void {
  ensureDefaults();
  const b = backends.get(name);
  if (!b) throw new Error(`setBackend: unknown backend '${name}' (registered: ${[...backends.keys()].join(', ')})`);
  current = b;
}

/** The backend in use; the reference backend unless `setBackend` chose another. */
export function getBackend(): Backend {
  if (current) return current;
  ensureDefaults();
  current = backends.get('reference')!;
  return current;
}

export function listBackends(): string[] {
  ensureDefaults();
  return [...backends.keys()];
}
