/**
 * Forward conformance: every case of every primitive on every backend configuration. The reference
 * checks its own float32 and float64 runs (checkReference); every other configuration must equal the
 * reference's float32 result (checkForward). A configuration skips a primitive only when its backend
 * declares it unsupported, with the declared reason in the skip message.
 */
import { describe, test } from 'node:test';
import { PRIMITIVES } from '../../src/engine/primitives.js';
import { REFERENCE_CONFIG, configuredBackend, onEachBackend, testCallsWereSplit } from '../helpers/backends.js';
import { CASES } from './index.js';
import { checkForward, checkReference } from './checks.js';
import { skipReason } from './run.js';

onEachBackend('conformance: forward', (ctx) => {
  for (const prim of PRIMITIVES) {
    describe(prim, () => {
      for (const c of CASES[prim]) {
        test(c.name, async (t) => {
          const { backend } = ctx.backend();
          const skip = skipReason(backend, prim);
          if (skip !== null) return t.skip(skip);
          const reference = (await configuredBackend(REFERENCE_CONFIG)).backend;
          if (ctx.config === REFERENCE_CONFIG) checkReference(reference, prim, c);
          else checkForward(backend, reference, prim, c);
        });
      }
    });
  }
  testCallsWereSplit(ctx);
});
