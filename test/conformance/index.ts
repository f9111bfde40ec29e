/**
 * # The conformance suite
 *
 * One suite that runs every primitive's forward and gradient checks on every backend configuration of
 * `BACKEND_CONFIGS` (test/helpers/backends.ts: reference; wasm SIMD and relaxed SIMD on one thread; both
 * on two threads with forced splits).
 *
 * - `CASES` (this file) is the case table: a typed list of cases per primitive, assembled from
 *   `cases/<family>.ts`. Its type has one key per primitive, so a new primitive without cases is a compile
 *   error; coverage.test.ts also fails at run time if a primitive has no case, or a differentiable one
 *   (by its spec, `differentiable: true`) has no gradient case.
 * - forward.test.ts: on every configuration, every case's result equals the reference's float32 result
 *   (same shape and dtype; integers and bools exactly; floats within the family tolerance of
 *   tolerance.ts); on the reference itself, the float64 result of every float case agrees with its
 *   float32 result and really is float64 (the optimiser primitives, float32 only, must refuse float64).
 * - gradients.test.ts: for every differentiable primitive, central finite differences in float64 on the
 *   reference backend against the gradient rule (tight tolerance, explained there).
 * - fast-gradients.test.ts: the same gradient rules in float32 on every configuration, equal to the
 *   reference's float32 gradients within the forward tolerance.
 * - coverage.test.ts: the table covers the spec; a backend is skipped for a primitive only when it
 *   declares it in `unsupported` (and a backend that lacks a kernel without declaring it fails); the
 *   tape never records a non-differentiable primitive; float64 never reaches a backend without it.
 *
 * Cases run through `dispatch`, the library's own path from ops to kernels (data-dependent primitives
 * through `dispatchDataDependent`, their cases stating the shape the kernel must report). A configuration skips a
 * primitive only when its backend declares it unsupported, with the reason in the skip message.
 */
import type { CaseTable } from './case.js';
import { unaryCaseTable } from './cases/unary.js';
import { binaryCaseTable } from './cases/binary.js';
import { reduceCaseTable } from './cases/reduce.js';
import { linalgCaseTable } from './cases/linalg.js';
import { movementCaseTable } from './cases/movement.js';
import { indexingCaseTable } from './cases/indexing.js';
import { convCaseTable } from './cases/conv.js';
import { poolCaseTable } from './cases/pool.js';
import { optimCaseTable } from './cases/optim.js';
import { randomCaseTable } from './cases/random.js';

export const CASES: CaseTable = {
  ...unaryCaseTable,
  ...binaryCaseTable,
  ...reduceCaseTable,
  ...linalgCaseTable,
  ...movementCaseTable,
  ...indexingCaseTable,
  ...convCaseTable,
  ...poolCaseTable,
  ...optimCaseTable,
  ...randomCaseTable,
};
