/**
 * Gradient conformance in float32 on every backend configuration: the same gradient rules (recorded by
 * the tape, run through dispatch on the configuration's backend) give the reference's float32 gradients
 * within the primitive family's forward tolerance. On the reference itself, its float32 gradients agree
 * with its float64 ones (those are checked against finite differences in gradients.test.ts).
 */
import { describe, test } from 'node:test';
import { PRIMITIVES, isDifferentiable } from '../../src/engine/primitives.js';
import { REFERENCE_CONFIG, configuredBackend, onEachBackend, testCallsWereSplit } from '../helpers/backends.js';
import { CASES } from './index.js';
import { checkFastGradients, checkReferenceGradients } from './checks.js';
import { skipReason } from './run.js';

onEachBackend('conformance: float32 gradients', (ctx) => {
  for (const prim of PRIMITIVES) {
    if (!isDifferentiable(prim)) continue;
    describe(prim, () => {
      for (const c of CASES[prim]) {
        if (!c.gradient) continue;
        test(c.name, async (t) => {
          const { backend } = ctx.backend();
          const skip = skipReason(backend, prim);
          if (skip !== null) return t.skip(skip);
          const reference = (await configuredBackend(REFERENCE_CONFIG)).backend;
          if (ctx.config === REFERENCE_CONFIG) checkReferenceGradients(reference, prim, c);
          else checkFastGradients(backend, reference, prim, c);
        });
      }
    });
  }
  testCallsWereSplit(ctx);
});
