import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { resize, type ResizeMode } from '../../src/io/image/resize.js';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import type { GoldenTensor } from '../helpers/paths.js';
import { assertClose, fromFixture, readFixtureJson } from './helpers.js';

interface ResizeCase {
  name: string;
  input: GoldenTensor;
  size: [number, number];
  mode: ResizeMode;
  alignCorners: boolean;
  output: GoldenTensor;
}

const fixture = readFixtureJson<{ cases: ResizeCase[] }>('resize.json');

describe('resize matches torch F.interpolate', () => {
  for (const c of fixture.cases) {
    test(c.name, () => {
      const out = resize(fromFixture(c.input), c.size, { mode: c.mode, alignCorners: c.alignCorners });
      const isUint8 = c.input.dtype === 'uint8';
      assert.equal(out.dtype, isUint8 ? 'uint8' : 'float32');
      // float: 1e-5 relative (float32 rounding); uint8 bilinear: 1 level (the reference rounds half to even);
      // uint8 nearest: exact.
      if (isUint8) assertClose(out, c.output, c.name, c.mode === 'nearest' ? 0 : 1);
      else assertClose(out, c.output, c.name, 1e-5, 1e-5);
    });
  }
  test(`fixture has ${fixture.cases.length} cases`, () => assert.ok(fixture.cases.length >= 30));
});

describe('resize errors', () => {
  test('wrong rank or dtype names the shape', () => {
    const t = fromTypedArray(new Float32Array(4), [2, 2], 'float32');
    assert.throws(() => resize(t, [4, 4]), /resize: expected uint8 \[H, W, C\] or float32 \[C, H, W\].*float32 \[2, 2\]/);
  });
  test('bad size', () => {
    const t = fromTypedArray(new Uint8Array(12), [2, 2, 3], 'uint8');
    assert.throws(() => resize(t, [0, 3]), /output size must be two positive integers.*\[0, 3\]/);
  });
});
