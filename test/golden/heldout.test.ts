/**
 * The held-out PyTorch fixtures (`*.heldout.json`, generated with a different seed): an untouched final
 * check, run exactly like golden.test.ts. Do not tune anything against these.
 */
import { describe, test } from 'node:test';
import { readGolden } from '../helpers/paths.js';
import type { GoldenCase } from './compare.js';
import { checkCase } from './compare.js';
import { onEachBackend } from '../helpers/backends.js';

const HELDOUT = ['conv2d', 'max_pool2d', 'avg_pool2d', 'linear', 'losses'] as const;

onEachBackend('held-out fixtures', () => {
  for (const family of HELDOUT) {
    const file = readGolden<GoldenCase>(`${family}.heldout`);
    describe(`held-out ${family} (${file.generator})`, () => {
      for (const c of file.cases) test(`${c.name} (${c.op})`, () => checkCase(c));
    });
  }
});
