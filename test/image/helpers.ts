import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromTypedArray, type Tensor } from '../../src/tensor/tensor.js';
import { repoRoot, type GoldenTensor } from '../helpers/paths.js';

/** test/fixtures/images/<name> (written by scripts/gen_image_fixtures.py). */
export const fixturePath = (name: string): string => join(repoRoot, 'test', 'fixtures', 'images', name);

/** A fixture JSON file; uint8 tensors stored as `base64` (raw row-major bytes) come back with a `data` array. */
export function readFixtureJson<T>(name: string): T {
  const revive = (_key: string, value: unknown): unknown => {
    if (value !== null && typeof value === 'object' && 'base64' in value && typeof value.base64 === 'string') {
      const { base64, ...rest } = value;
      return { ...rest, data: Array.from(Buffer.from(base64, 'base64')) };
    }
    return value;
  };
  return JSON.parse(readFileSync(fixturePath(name), 'utf8'), revive) as T;
}

/** A fixture tensor as a Striate tensor: uint8 stays uint8, everything else float32. */
export function fromFixture(t: GoldenTensor): Tensor {
  return t.dtype === 'uint8'
    ? fromTypedArray(Uint8Array.from(t.data), t.shape, 'uint8')
    : fromTypedArray(Float32Array.from(t.data), t.shape, 'float32');
}

/** Asserts same shape and |a − b| ≤ atol + rtol·|b| everywhere; the message names the worst element. */
export function assertClose(actual: Tensor, expected: GoldenTensor, label: string, atol: number, rtol = 0): void {
  assert.deepEqual([...actual.shape], expected.shape, `${label}: shape [${actual.shape.join(', ')}] differs from [${expected.shape.join(', ')}]`);
  const a = actual.dataView();
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.length; i++) {
    const b = expected.data[i]!;
    const excess = Math.abs(a[i]! - b) - (atol + rtol * Math.abs(b));
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  assert.equal(worst, -1, `${label}: element ${worst} is ${a[worst]}, expected ${expected.data[worst]} (atol ${atol}, rtol ${rtol})`);
}
