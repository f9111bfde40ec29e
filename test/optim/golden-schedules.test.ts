/** Every case of the PyTorch-generated `schedules.json`: the learning rate in effect during each epoch. */
import { describe, it } from 'node:test';
import { tensor } from '../../src/tensor/tensor.js';
import { CosineAnnealingLR, LinearLR, SGD, StepLR } from '../../src/optim/index.js';
import type { LRScheduler, SchedulableOptimizer } from '../../src/optim/index.js';
import { assertClose, loadGolden } from './helpers.js';

interface ScheduleCase {
  name: string;
  op: 'StepLR' | 'CosineAnnealingLR' | 'LinearLR';
  attrs: Record<string, number>;
  baseLr: number;
  epochs: number;
  lrs: number[];
}

const fixture = loadGolden('schedules.json') as { cases: ScheduleCase[] };

function make(c: ScheduleCase, opt: SchedulableOptimizer): LRScheduler {
  const a = c.attrs;
  switch (c.op) {
    case 'StepLR':
      return new StepLR(opt, { stepSize: a['stepSize']!, gamma: a['gamma'] });
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(opt, { tMax: a['tMax']!, etaMin: a['etaMin'] });
    case 'LinearLR':
      return new LinearLR(opt, { startFactor: a['startFactor'], endFactor: a['endFactor'], totalIters: a['totalIters'] });
  }
}

describe('schedules golden (PyTorch)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const opt = new SGD([tensor([1, 2], { requiresGrad: true })], { lr: c.baseLr });
      const sched = make(c, opt);
      const seen: number[] = [];
      for (let e = 0; e < c.epochs; e++) {
        seen.push(opt.lr);
        sched.step();
      }
      assertClose(seen, c.lrs, c.name, 1e-12, 1e-15);
    });
  }
});
