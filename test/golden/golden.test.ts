/** Every case of the PyTorch-generated op fixtures: output and every input gradient within 1e-4 relative. */
import { describe, test } from 'node:test';
import { readGolden } from '../helpers/paths.js';
import type { GoldenCase } from './compare.js';
import { checkCase } from './compare.js';
import { onEachBackend } from '../helpers/backends.js';

const FAMILIES = ['conv2d', 'max_pool2d', 'avg_pool2d', 'adaptive_avg_pool2d', 'linear', 'losses', 'activations'] as const;

onEachBackend('golden fixtures', () => {
  for (const family of FAMILIES) {
    const file = readGolden<GoldenCase>(family);
    describe(`golden ${family} (${file.generator})`, () => {
      for (const c of file.cases) test(`${c.name} (${c.op})`, () => checkCase(c));
    });
  }
});
