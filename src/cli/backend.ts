import { setBackend } from '../engine/registry.js';
import { UsageError } from './args.js';

export const BACKENDS = ['reference', 'wasm'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Selects the compute backend for a command: the plain-TypeScript reference, or WebAssembly SIMD with threads. */
export async function useBackend(name: string, threads: number | undefined): Promise<string> {
  if (!(BACKENDS as readonly string[]).includes(name)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${name}'`);
  if (name === 'reference') {
    if (threads !== undefined && threads !== 1) throw new UsageError(`--threads: the reference backend runs on one thread, got ${threads}`);
    setBackend('reference');
    return 'reference';
  }
  const { initWasmBackend, enableRelaxedSimd } = await import('../backend/wasm/index.js');
  // The CLI owns its process, so unlike the library it turns on relaxed SIMD (FMA) where the engine
  // has it behind a flag (Node 20); STRIATE_WASM_BUILD=simd still forces the plain SIMD build.
  if (process.env['STRIATE_WASM_BUILD'] !== 'simd') await enableRelaxedSimd();
  const b = await initWasmBackend(threads === undefined ? {} : { threads });
  return `wasm (${b.build}, ${b.threads} thread${b.threads === 1 ? '' : 's'})`;
}
