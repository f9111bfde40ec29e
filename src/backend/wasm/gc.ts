/**
 * A way to ask the host for a full garbage collection, used by the allocator under memory pressure.
 *
 * Tensors on the wasm backend are freed when their handles are collected (FinalizationRegistry), but
 * V8 sees only the small JS handle objects, not the wasm memory behind them, so its own heuristics
 * collect too rarely. In Node we therefore obtain `gc`: the global one when `--expose-gc` is set,
 * otherwise by turning on `--expose-gc` with `v8.setFlagsFromString` and taking `gc` from a fresh
 * `vm` context. That flag only makes `gc` visible to contexts created afterwards; it changes nothing
 * else in the process, unlike the relaxed-SIMD flag (see README.md), so we do it by default. In
 * browsers there is no such hook and collection is left to the engine.
 */
export async function hostGc(): Promise<(() => void) | null> {
  const global: unknown = Reflect.get(globalThis, 'gc');
  if (typeof global === 'function') return () => Reflect.apply(global, undefined, []);
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode || process.env['STRIATE_NO_GC_HOOK'] === '1') return null;
  try {
    const v8 = await import('node:v8');
    const vm = await import('node:vm');
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? () => Reflect.apply(gc, undefined, []) : null;
  } catch {
    return null;
  }
}
