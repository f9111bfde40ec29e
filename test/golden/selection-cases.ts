/**
 * The PyTorch fixtures of the selection ops (test/fixtures/golden/selection.json, made by
 * scripts/gen_selection_golden.py): topk, nonzero, masked_select (with its gradient), unique (values,
 * inverse, counts) and searchsorted on inputs with ties, NaN, ±Infinity and −0. Results must match
 * exactly (indices, values, the sign of zero, NaN for NaN); gradients within 1e-6.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DType, Tensor } from '../../src/index.js';
import { fromTypedArray, maskedSelect, nonzero, searchSorted, topk, uniqueCounts, uniqueInverse } from '../../src/index.js';
import { allocArray } from '../../src/engine/dtype.js';
import { readGolden } from '../helpers/paths.js';

/** A fixture tensor: float data may hold "nan", "inf", "-inf" and "-0". */
interface SelectionTensor {
  shape: number[];
  dtype: 'float32' | 'int32' | 'uint8' | 'bool';
  data: (number | string)[];
}

interface SelectionCase {
  name: string;
  op: 'topk' | 'nonzero' | 'masked_select' | 'unique' | 'searchsorted';
  inputs: Record<string, SelectionTensor>;
  attrs: { k?: number; axis?: number; largest?: boolean; sorted?: boolean; right?: boolean };
  gy?: SelectionTensor;
  outputs: Record<string, SelectionTensor>;
  grads?: Record<string, SelectionTensor>;
}

const SPECIALS: Readonly<Record<string, number>> = { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 };

function decode(v: number | string): number {
  if (typeof v === 'number') return v;
  const s = SPECIALS[v];
  if (s === undefined) throw new Error(`selection fixture: unknown value ${JSON.stringify(v)}`);
  return s;
}

function fromFixture(t: SelectionTensor, requiresGrad = false): Tensor {
  const dtype: DType = t.dtype;
  const data = allocArray(dtype, t.data.length);
  data.set(t.data.map(decode));
  const out = fromTypedArray(data, t.shape, dtype);
  if (requiresGrad) out.requiresGrad = true;
  return out;
}

/** Same shape and dtype, and every element identical to the float32 value (Object.is: NaN = NaN, −0 ≠ +0), or within `tol` when given. */
function assertMatches(actual: Tensor | null, expected: SelectionTensor, label: string, tol?: number): void {
  assert.ok(actual, `${label}: missing`);
  assert.deepEqual([...actual.shape], expected.shape, `${label}: shape [${actual.shape.join(', ')}], PyTorch gives [${expected.shape.join(', ')}]`);
  assert.equal(actual.dtype, expected.dtype, `${label}: dtype`);
  const got = actual.dataView();
  for (let i = 0; i < expected.data.length; i++) {
    const want = Math.fround(decode(expected.data[i]!));
    const ok = tol === undefined ? Object.is(got[i], want) : Math.abs(got[i]! - want) <= tol * Math.max(1, Math.abs(want));
    assert.ok(ok, `${label}: element ${i} is ${Object.is(got[i], -0) ? '-0' : got[i]}, expected ${expected.data[i]}`);
  }
}

function input(c: SelectionCase, name: string, requiresGrad = false): Tensor {
  const t = c.inputs[name];
  if (!t) throw new Error(`${c.name}: input ${name} missing`);
  return fromFixture(t, requiresGrad);
}

function output(c: SelectionCase, name: string): SelectionTensor {
  const t = c.outputs[name];
  if (!t) throw new Error(`${c.name}: output ${name} missing`);
  return t;
}

function checkCase(c: SelectionCase): void {
  switch (c.op) {
    case 'topk': {
      const r = topk(input(c, 'x'), c.attrs.k ?? 1, { axis: c.attrs.axis, largest: c.attrs.largest, sorted: c.attrs.sorted });
      assertMatches(r.indices, output(c, 'indices'), `${c.name} indices`);
      assertMatches(r.values, output(c, 'values'), `${c.name} values`);
      return;
    }
    case 'nonzero':
      assertMatches(nonzero(input(c, 'x')), output(c, 'indices'), `${c.name} indices`);
      return;
    case 'masked_select': {
      const x = input(c, 'x', true);
      const y = maskedSelect(x, input(c, 'mask'));
      assertMatches(y, output(c, 'values'), `${c.name} values`);
      if (!c.gy || !c.grads?.['x']) throw new Error(`${c.name}: gy or grads.x missing`);
      y.mul(fromFixture(c.gy)).sum().backward();
      assertMatches(x.grad, c.grads['x'], `${c.name} grad x`, 1e-6);
      return;
    }
    case 'unique': {
      const x = input(c, 'x');
      const a = uniqueInverse(x);
      assertMatches(a.values, output(c, 'values'), `${c.name} values`);
      assertMatches(a.inverse, output(c, 'inverse'), `${c.name} inverse`);
      assertMatches(uniqueCounts(x).counts, output(c, 'counts'), `${c.name} counts`);
      return;
    }
    case 'searchsorted':
      assertMatches(searchSorted(input(c, 'sorted'), input(c, 'values'), { right: c.attrs.right }), output(c, 'indices'), `${c.name} indices`);
      return;
  }
}

/** Registers one test per fixture case, run on whichever backend is current when the tests run. */
export function describeSelectionFixtures(): void {
  const file = readGolden<SelectionCase>('selection');
  describe(`golden selection (${file.generator})`, () => {
    for (const c of file.cases) test(`${c.name} (${c.op})`, () => checkCase(c));
  });
}
