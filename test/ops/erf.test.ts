/**
 * erf, the first primitive added after the spec table (for GELU): its float64 values on the reference
 * backend against torch.erf, and its float32 values on every backend against the same numbers. The
 * gradient (2/√π e^(−x²)) is finite-difference checked by the conformance suite; PyTorch parity of the
 * forward and backward in float32 is in test/fixtures/golden/activations.json (erf_000…).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/index.js';
import { REFERENCE_CONFIG, onEachBackend } from '../helpers/backends.js';

const X = [-6.5, -3.2, -2.5, -2.4999, -1.0, -1e-8, 0.0, 0.3, 0.5, 1.0, 2.0, 2.5, 2.5001, 3.0, 4.7, 5.9, 6.1];
/** torch.erf in float64 (torch 1.13, Debian). */
const TORCH = [
  -1.0, -0.9999939742388483, -0.999593047982555, -0.9995928300996666, -0.8427007929497149, -1.1283791670955126e-8, 0.0,
  0.3286267594591274, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.999593047982555, 0.9995932657565293,
  0.9999779095030014, 0.9999999999700474, 0.9999999999999999, 1.0,
];

onEachBackend('erf in float64', () => {
  test('agrees with torch.erf to 1e-14', () => {
    const y = tensor(Float64Array.from(X)).erf();
    assert.equal(y.dtype, 'float64');
    const got = y.dataView();
    X.forEach((x, i) => assert.ok(Math.abs((got[i] ?? NaN) - (TORCH[i] ?? NaN)) <= 1e-14, `erf(${x}) = ${got[i]}, torch ${TORCH[i]}`));
  });
}, [REFERENCE_CONFIG]);

onEachBackend('erf in float32', () => {
  test('is within half an ulp-ish (3e-8) of torch.erf rounded to float32, odd, and NaN stays NaN', () => {
    const got = tensor([...X, Number.NaN]).erf().dataView();
    X.forEach((x, i) => assert.ok(Math.abs((got[i] ?? NaN) - Math.fround(TORCH[i] ?? NaN)) <= 3e-8, `erf(${x}) = ${got[i]}`));
    X.forEach((x, i) => {
      const j = X.indexOf(-x);
      if (j >= 0) assert.ok(got[i] === -(got[j] ?? NaN), `erf(−${x}) = −erf(${x})`);
    });
    assert.ok(Number.isNaN(got[X.length]));
  });
});
