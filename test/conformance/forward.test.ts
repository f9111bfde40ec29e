/**
 * Forward conformance: every case of every primitive on every backend configuration. The reference
 * checks its own float32 and float64 runs (checkReference); every other configuration must equal the
 * reference's float32 result (checkForward). Data-dependent primitives run the same checks through
 * dispatchDataDependent, and the reference must report the shape their case states. A configuration
 * skips a primitive only when its backend declares it unsupported, with the declared reason in the skip
 * message.
 */
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import type { Backend } from '../../src/engine/backend.js';
import type { Primitive } from '../../src/engine/primitives.js';
import { PRIMITIVES, isDataDependent } from '../../src/engine/primitives.js';
import type { BackendContext } from '../helpers/backends.js';
import { REFERENCE_CONFIG, configuredBackend, onEachBackend, testCallsWereSplit } from '../helpers/backends.js';
import { CASES } from './index.js';
import { checkDataForward, checkDataReference, checkForward, checkReference } from './checks.js';
import { skipReason } from './run.js';

/** Runs `check` on this configuration's backend and the reference, unless the backend declares `prim` unsupported. */
async function runCheck(ctx: BackendContext, t: TestContext, prim: Primitive,
  check: (backend: Backend, reference: Backend, isReference: boolean) => void): Promise<void> {
  const { backend } = ctx.backend();
  const skip = skipReason(backend, prim);
  if (skip !== null) return t.skip(skip);
  const reference = (await configuredBackend(REFERENCE_CONFIG)).backend;
  check(backend, reference, ctx.config === REFERENCE_CONFIG);
}

onEachBackend('conformance: forward', (ctx) => {
  for (const prim of PRIMITIVES) {
    describe(prim, () => {
      // Data-dependent primitives run through dispatchDataDependent; their cases state the shape the kernel must report.
      if (isDataDependent(prim)) {
        for (const c of CASES[prim]) {
          test(c.name, (t) => runCheck(ctx, t, prim, (backend, reference, isReference) => {
            if (isReference) checkDataReference(reference, prim, c);
            else checkDataForward(backend, reference, prim, c);
          }));
        }
        return;
      }
      for (const c of CASES[prim]) {
        test(c.name, (t) => runCheck(ctx, t, prim, (backend, reference, isReference) => {
          if (isReference) checkReference(reference, prim, c);
          else checkForward(backend, reference, prim, c);
        }));
      }
    });
  }
  testCallsWereSplit(ctx);
});
