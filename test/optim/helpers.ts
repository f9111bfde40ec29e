/** Shared helpers for the optimiser tests: fixture loading and tensor comparison. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** A tensor in the golden JSON format. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** Finds `test/fixtures/golden/<file>` walking up from this file (works from `test/` and `dist/test/`), then from the cwd. */
export function loadGolden(file: string): unknown {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'test', 'fixtures', 'golden', file);
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8'));
    const sibling = join(dir, 'fixtures', 'golden', file);
    if (existsSync(sibling)) return JSON.parse(readFileSync(sibling, 'utf8'));
    dir = resolve(dir, '..');
  }
  const fromCwd = join(process.cwd(), 'test', 'fixtures', 'golden', file);
  if (existsSync(fromCwd)) return JSON.parse(readFileSync(fromCwd, 'utf8'));
  throw new Error(`golden fixture ${file} not found`);
}

/** A float32 tensor from a fixture tensor. */
export function fromFixture(t: FixtureTensor, requiresGrad = false): Tensor {
  const x = fromTypedArray(Float32Array.from(t.data), t.shape, 'float32');
  if (requiresGrad) x.requiresGrad = true;
  return x;
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = 1e-4, atol = 1e-6): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) assert.fail(`${what}[${i}]: got ${a}, expected ${e} (diff ${Math.abs(a - e)})`);
  }
}

/** Asserts two arrays hold exactly the same values. */
export function assertSame(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.deepEqual(Array.from(actual), Array.from(expected), what);
}
