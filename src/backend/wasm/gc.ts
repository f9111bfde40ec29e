/**
 * How the wasm backend gets its memory back from tensors nobody refers to any more.
 *
 * Tensors on the wasm backend are freed when their handles are collected (FinalizationRegistry), but
 * V8 sees only the small JS handle objects, not the wasm memory behind them, so its own heuristics
 * collect too rarely; and finalizers normally run only as tasks of the event loop, never inside a
 * synchronous loop. In Node we therefore obtain two things from a fresh `vm` context, after turning
 * on two V8 flags with `v8.setFlagsFromString`:
 *
 * - `gc` (flag `--expose-gc`): a full collection, asked for by the allocator under memory pressure;
 * - `FinalizationRegistry.prototype.cleanupSome` (flag `--harmony-weak-refs-with-cleanup-some`),
 *   applied to our own registries: it runs the finalizers of the handles that the collection just
 *   found unreachable, synchronously. So a plain synchronous training loop
 *   (`for (const b of loader) { ... }`) gets its memory back at the allocation that needed it.
 *
 * Both flags only change what contexts created afterwards see (a `gc` global, one more method on
 * FinalizationRegistry.prototype); nothing in the user's own context changes, unlike the
 * relaxed-SIMD flag (see README.md). Where either is unavailable (browsers, a V8 without the flag,
 * or STRIATE_NO_GC_HOOK=1), the registry is the ordinary one and memory comes back when the
 * engine collects and the event loop turns (`for await` over a DataLoader yields each step).
 */

/** A FinalizationRegistry that may be able to run ready finalizers synchronously. */
export interface Collectable<T> {
  register(target: object, held: T, token?: object): void;
  unregister(token: object): boolean;
  /** Runs the finalizers of targets already found dead (no-op where unsupported). */
  cleanupNow(): void;
  /** Whether cleanupNow really runs finalizers synchronously. */
  readonly synchronous: boolean;
}

export interface HostCollector {
  /** A full garbage collection, or null where the host offers none. */
  readonly gc: (() => void) | null;
  /** Makes a registry calling `cleanup(held)` for each collected target. */
  registry<T>(cleanup: (held: T) => void): Collectable<T>;
}

/** `reg` as a Collectable; `cleanupSome(reg)` (when given) runs its ready finalizers synchronously. */
function wrap<T>(reg: FinalizationRegistry<T>, cleanupSome: ((reg: FinalizationRegistry<T>) => void) | null): Collectable<T> {
  return {
    register: (target, held, token) => reg.register(target, held, token),
    unregister: (token) => reg.unregister(token),
    cleanupNow: () => cleanupSome?.(reg),
    synchronous: cleanupSome !== null,
  };
}

/** The engine's own FinalizationRegistry and no gc: finalizers run when the engine decides. */
export const ordinaryCollector: HostCollector = {
  gc: null,
  registry: <T>(cleanup: (held: T) => void) => wrap(new FinalizationRegistry<T>(cleanup), null),
};

let cached: HostCollector | null = null;

/**
 * The host's collector, computed once per process: in Node (>= 20.16, `process.getBuiltinModule`) the
 * gc and synchronous-finalizer registry described above; elsewhere the engine's own registry.
 */
export function hostCollector(): HostCollector {
  if (cached) return cached;
  const node = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  const builtins = node && typeof process.getBuiltinModule === 'function'
    ? { v8: process.getBuiltinModule('node:v8'), vm: process.getBuiltinModule('node:vm') }
    : null;
  cached = makeCollector(builtins);
  return cached;
}

interface VmAndV8 {
  v8: typeof import('node:v8');
  vm: typeof import('node:vm');
}

function makeCollector(node: VmAndV8 | null): HostCollector {
  const global: unknown = Reflect.get(globalThis, 'gc');
  const globalGc = typeof global === 'function' ? (): void => void Reflect.apply(global, undefined, []) : null;
  if (!node || process.env['STRIATE_NO_GC_HOOK'] === '1') return { ...ordinaryCollector, gc: globalGc };
  try {
    const { v8, vm } = node;
    v8.setFlagsFromString('--expose-gc');
    v8.setFlagsFromString('--harmony-weak-refs-with-cleanup-some');
    const context = vm.createContext({});
    const gc: unknown = vm.runInContext('gc', context);
    const cleanupSome: unknown = vm.runInContext('FinalizationRegistry.prototype.cleanupSome', context);
    const gcFn = globalGc ?? (typeof gc === 'function' ? (): void => void Reflect.apply(gc, undefined, []) : null);
    if (typeof cleanupSome !== 'function') return { ...ordinaryCollector, gc: gcFn };
    // The registries themselves are made here, in the caller's context: only the context's cleanupSome
    // (a builtin that accepts any realm's registry) is borrowed. A registry made in the vm context would
    // have its cleanup tasks run in that context, and one still pending while Node tears the process down
    // aborts it ("illegal access": test/wasm/exit.test.ts).
    const drain = <T>(reg: FinalizationRegistry<T>): void => void Reflect.apply(cleanupSome, reg, []);
    return { gc: gcFn, registry: <T>(cleanup: (held: T) => void) => wrap(new FinalizationRegistry<T>(cleanup), drain) };
  } catch {
    return { ...ordinaryCollector, gc: globalGc };
  }
}
