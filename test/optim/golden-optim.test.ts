/** Every case of the PyTorch-generated `optim.json`: parameters after each of 3 steps. */
import { describe, it } from 'node:test';
import { createOptimizer } from '../../src/optim/index.js';
import type { FixtureTensor } from './helpers.js';
import { assertClose, fromFixture, loadGolden } from './helpers.js';

interface OptimCase {
  name: string;
  op: 'sgd' | 'adam' | 'adamw' | 'rmsprop';
  attrs: Record<string, unknown>;
  param: FixtureTensor;
  grads: FixtureTensor[];
  params: FixtureTensor[];
}

const fixture = loadGolden('optim.json') as { cases: OptimCase[] };

describe('optim golden (PyTorch)', () => {
  for (const c of fixture.cases) {
    it(`${c.name} (${c.op})`, () => {
      const p = fromFixture(c.param, true);
      const opt = createOptimizer(c.op, [p], c.attrs);
      c.grads.forEach((g, i) => {
        p.grad = fromFixture(g);
        opt.step();
        assertClose(p.dataView(), c.params[i]!.data, `${c.name} step ${i + 1}`);
      });
    });
  }
});
