/**
 * SGD and RMSprop give, on every backend configuration (reference; wasm SIMD and relaxed SIMD on 1 and 2
 * threads), the exact float32 bits of their former typed-array implementations (parameters and
 * state-dict tensors; see trajectories.ts for the runs).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { onEachBackend, testCallsWereSplit } from '../helpers/backends.js';
import type { TrajectoryBits } from './trajectories.js';
import { runTrajectory, TRAJECTORY_CASES } from './trajectories.js';

interface PinnedFile {
  source: string;
  cases: (TrajectoryBits & { name: string })[];
}

const pinned = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'optim', 'sgd-rmsprop-bits.json'), 'utf8')) as PinnedFile;

onEachBackend('SGD and RMSprop: the pinned bits', (ctx) => {
  for (const c of TRAJECTORY_CASES) {
    it(`${c.name}: the pinned bits`, () => {
      const want = pinned.cases.find((p) => p.name === c.name);
      if (want === undefined) throw new Error(`sgd-rmsprop-bits.json: no case named ${JSON.stringify(c.name)}`);
      const got = runTrajectory(c);
      assert.deepEqual(got.params, want.params, `${c.name}: parameters`);
      assert.deepEqual(got.state, want.state, `${c.name}: state dict tensors`);
    });
  }
  testCallsWereSplit(ctx);
});
