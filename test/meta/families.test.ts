/**
 * One name per op at every level: for every primitive of the spec table, the files named by its family
 * hold the op (tensor/ops), its gradient rule when it is differentiable (beside the op), its reference
 * kernel, its wasm wrapper and its AssemblyScript export, all under the primitive's own name — so
 * `grep -rn maxPool2d src` reaches each of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRIMITIVES, PRIMITIVE_SPECS } from '../../src/engine/primitives.js';
import { srcRoot } from './source-tree.js';

const read = (path: string): string => (existsSync(join(srcRoot, path)) ? readFileSync(join(srcRoot, path), 'utf8') : '');

test('every primitive sits under its own name in its family file at every level', () => {
  const missing: string[] = [];
  for (const prim of PRIMITIVES) {
    const { family, differentiable } = PRIMITIVE_SPECS[prim];
    const op = read(`tensor/ops/${family}.ts`);
    const places: [string, string, RegExp][] = [
      ['op', `tensor/ops/${family}.ts`, new RegExp(`'${prim}'`)],
      ['reference kernel', `backend/reference/kernels/${family}.ts`, new RegExp(`export (const|function) ${prim}\\b`)],
      ['wasm wrapper', `backend/wasm/kernels/${family}.ts`, new RegExp(`export (const|function) ${prim}\\b`)],
      ['AssemblyScript export', `backend/wasm/assembly/${family}.ts`, new RegExp(`export function ${prim}_`)],
    ];
    for (const [what, path, pattern] of places) if (!pattern.test(read(path))) missing.push(`${prim}: no ${what} in src/${path}`);
    if (differentiable && !new RegExp(`\\n\\s+${prim}: `).test(op)) missing.push(`${prim}: no gradient rule beside the op in src/tensor/ops/${family}.ts`);
  }
  assert.deepEqual(missing, [], missing.join('\n'));
});
