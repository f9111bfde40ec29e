/**
 * `WasmExports` (src/backend/wasm/exports.ts) against every compiled module (simd, relaxed, and their
 * -unshared twins): the interface's names are exactly the module's function exports (both directions),
 * each with the parameter count of its signature; the only other export is the memory. And the naming
 * rule: an export is `<primitive>_<storage>` of a primitive of the spec table, or one of the few
 * descriptive non-primitive names; every shape-determined primitive has an export named after it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRIMITIVES, PRIMITIVE_SPECS } from '../../src/engine/primitives.js';
import { enableRelaxedSimd } from '../../src/backend/wasm/index.js';
import { EXPORT_ARITY, EXPORT_NAMES, exportMismatches, wasmExports } from '../../src/backend/wasm/exports.js';
import { compileBuild, createMemory, instantiate } from '../../src/backend/wasm/loader.js';

assert.equal(await enableRelaxedSimd(), true, 'relaxed SIMD should be available after enableRelaxedSimd()');

/** Exports that are not primitives: module layout, raw memory helpers, gemm entry points, scratch sizes. */
const NON_PRIMITIVE = ['heap_base', 'fill_32', 'fill_8', 'copy_bytes', 'gemm_f32', 'gemm_strided_f32', 'gemm_f32_scratch_bytes', 'conv2d_f32_scratch_bytes'];
const STORAGE = /^(f32|i32|u8|32|8|(f32|i32|u8)_(f32|i32|u8|bool))$/;

const MODULES = [
  { build: 'simd', shared: true },
  { build: 'relaxed', shared: true },
  { build: 'simd', shared: false },
  { build: 'relaxed', shared: false },
] as const;

for (const { build, shared } of MODULES) {
  const name = `striate-${build}${shared ? '' : '-unshared'}.wasm`;
  test(`${name}: its exports are exactly WasmExports, with the listed arities`, async () => {
    const module = await compileBuild(build, undefined, shared);
    const listed = WebAssembly.Module.exports(module);
    const functions = listed.filter((e) => e.kind === 'function').map((e) => e.name).sort();
    const others = listed.filter((e) => e.kind !== 'function').map((e) => `${e.name}:${e.kind}`);
    const declared: string[] = [...EXPORT_NAMES].sort();
    assert.deepEqual(functions.filter((n) => !declared.includes(n)), [], 'exported by the module but missing from WasmExports');
    assert.deepEqual(declared.filter((n) => !functions.includes(n)), [], 'declared in WasmExports but not exported by the module');
    assert.deepEqual(others, ['memory:memory']);
    const instance = await instantiate(module, createMemory(shared));
    assert.deepEqual(exportMismatches(instance.exports), []);
    const typed = wasmExports(instance.exports);
    assert.ok(typed.heap_base() > 0);
  });
}

test('every export is <primitive>_<storage> or a listed non-primitive name; every shaped primitive has one', () => {
  const primitives = new Set<string>(PRIMITIVES);
  const misnamed: string[] = [];
  const covered = new Set<string>();
  for (const e of EXPORT_NAMES) {
    if (NON_PRIMITIVE.includes(e)) continue;
    const cut = e.indexOf('_');
    const prim = e.slice(0, cut);
    if (cut < 0 || !primitives.has(prim) || !STORAGE.test(e.slice(cut + 1))) misnamed.push(e);
    else covered.add(prim);
  }
  assert.deepEqual(misnamed, [], 'exports named neither after a primitive nor listed as non-primitive');
  const shaped = PRIMITIVES.filter((p) => PRIMITIVE_SPECS[p].output === 'shape');
  assert.deepEqual(shaped.filter((p) => !covered.has(p)), [], 'primitives without an export of their name');
  for (const n of NON_PRIMITIVE) assert.ok(Object.hasOwn(EXPORT_ARITY, n), `${n} is listed as non-primitive but is no export`);
});

test('a module that does not match WasmExports is refused with every mismatch named', () => {
  const fake: WebAssembly.Exports = { heap_base: () => 0, neg_f32: (x: number) => x };
  const problems = exportMismatches(fake);
  assert.ok(problems.includes('neg_f32 takes 1 arguments, expected 3'), problems.join('; '));
  assert.ok(problems.includes('conv2d_f32 is missing'));
  assert.throws(() => wasmExports(fake), /do not match WasmExports.*add_f32 is missing/);
});
