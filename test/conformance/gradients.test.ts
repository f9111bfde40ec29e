/**
 * Gradient conformance in float64: for every differentiable primitive (by its spec) and every one of its
 * gradient cases, the gradient rule on the reference backend against central finite differences
 * (finite-differences.ts states the step and why the tolerance is 1e-6 relative).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PRIMITIVES, isDifferentiable } from '../../src/engine/primitives.js';
import { REFERENCE_CONFIG, onEachBackend } from '../helpers/backends.js';
import { CASES } from './index.js';
import { TOLERANCE, finiteDifferences } from './finite-differences.js';

onEachBackend('conformance: float64 gradients by central differences', () => {
  for (const prim of PRIMITIVES) {
    if (!isDifferentiable(prim)) continue;
    describe(prim, () => {
      for (const c of CASES[prim]) {
        if (!c.gradient) continue;
        test(c.name, () => {
          const r = finiteDifferences(prim, c);
          assert.ok(r.recorded, `${prim}: the tape must record it on float64 inputs`);
          assert.ok(r.elements > 0, `${prim} ${c.name}: no float element to perturb`);
          assert.ok(r.worst <= TOLERANCE, `${prim} ${c.name}: gradient differs from central differences by ${r.worst.toExponential(2)} relative (> ${TOLERANCE}) at ${r.where}`);
        });
      }
    });
  }
}, [REFERENCE_CONFIG]);
