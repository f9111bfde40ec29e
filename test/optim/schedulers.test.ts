/** Schedulers beyond the golden fixture: MultiStepLR, ExponentialLR, warm-up composition, validation. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/tensor.js';
import { CosineAnnealingLR, ExponentialLR, LinearLR, MultiStepLR, SequentialLR, SGD, StepLR, warmup, warmupCosine } from '../../src/optim/index.js';
import type { Scheduler } from '../../src/optim/index.js';
import { assertClose } from './helpers.js';

const sgd = (lr = 0.1): SGD => new SGD([tensor([1], { requiresGrad: true })], { lr });

function trace(opt: SGD, sched: Scheduler, epochs: number): number[] {
  const lrs: number[] = [];
  for (let e = 0; e < epochs; e++) {
    lrs.push(opt.lr);
    sched.step();
  }
  return lrs;
}

describe('schedulers', () => {
  it('MultiStepLR multiplies by gamma at each milestone', () => {
    const opt = sgd(1);
    assertClose(trace(opt, new MultiStepLR(opt, { milestones: [2, 5], gamma: 0.1 }), 7), [1, 1, 0.1, 0.1, 0.1, 0.01, 0.01], 'lrs', 1e-12, 0);
  });

  it('ExponentialLR multiplies by gamma every epoch', () => {
    const opt = sgd(1);
    const sched = new ExponentialLR(opt, { gamma: 0.5 });
    assertClose(trace(opt, sched, 4), [1, 0.5, 0.25, 0.125], 'lrs', 0, 0);
    assert.deepEqual(sched.getLastLr(), [0.0625]);
  });

  it('schedules each param group from its own base lr', () => {
    const opt = new SGD([{ params: [tensor([1], { requiresGrad: true })] }, { params: [tensor([1], { requiresGrad: true })], lr: 1 }], { lr: 0.1 });
    const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    sched.step();
    assert.deepEqual(sched.getLastLr(), [0.05, 0.5]);
    assert.deepEqual(sched.baseLrs, [0.1, 1]);
  });

  it('a param group added after the scheduler: chained steps go on, rates from the base rates are an error naming the counts', () => {
    const opt = sgd(1);
    const step = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    const cos = new CosineAnnealingLR(opt, { tMax: 1 });
    opt.addParamGroup({ params: [tensor([1], { requiresGrad: true })], lr: 2 });
    step.step();
    assert.deepEqual(step.getLastLr(), [0.5, 1]);
    assert.throws(() => step.stepTo(1), /StepLR: expected one of the new learning rates per param group \(2\), got 1/);
    cos.step(); // epoch 1 anneals from the current rates
    assert.throws(() => cos.step(), /CosineAnnealingLR: expected one of the base learning rates per param group \(2\), got 1/);
  });

  it('warmupCosine ramps linearly, then anneals to etaMin at totalSteps', () => {
    const opt = sgd(1);
    const lrs = trace(opt, warmupCosine(opt, { warmupSteps: 4, totalSteps: 8, startFactor: 0.2 }), 9);
    const cos = (e: number): number => (1 + Math.cos((Math.PI * e) / 4)) / 2;
    assertClose(lrs, [0.2, 0.4, 0.6, 0.8, 1, cos(1), cos(2), cos(3), 0], 'lrs', 1e-12, 1e-15);
  });

  it('SequentialLR equals PyTorch composition (LinearLR then StepLR)', () => {
    const opt = sgd(1);
    const lin = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
    const step = new StepLR(opt, { stepSize: 2, gamma: 0.1 });
    const seq = new SequentialLR(opt, [lin, step], [2]);
    assertClose(trace(opt, seq, 7), [0.5, 0.75, 1, 1, 0.1, 0.1, 0.01], 'lrs', 1e-12, 0);
  });

  it('warmup(main) with 0 steps is main itself', () => {
    const opt = sgd();
    const cos = new CosineAnnealingLR(opt, { tMax: 3 });
    assert.equal(warmup(cos, { warmupSteps: 0 }), cos);
  });

  it('rejects invalid options naming option and value', () => {
    assert.throws(() => new StepLR(sgd(), { stepSize: 0 }), /StepLR: invalid option stepSize = 0/);
    assert.throws(() => new StepLR(sgd(), { stepSize: 1.5 }), /StepLR: invalid option stepSize = 1\.5 \(must be an integer >= 1\)/);
    assert.throws(() => new LinearLR(sgd(), { startFactor: 0 }), /LinearLR: invalid option startFactor = 0/);
    assert.throws(() => new CosineAnnealingLR(sgd(), { tMax: -1 }), /CosineAnnealingLR: invalid option tMax = -1/);
    assert.throws(() => new ExponentialLR(sgd(), { gamma: -0.5 }), /ExponentialLR: invalid option gamma = -0\.5/);
    assert.throws(() => warmupCosine(sgd(), { warmupSteps: 5, totalSteps: 5 }), /warmupCosine: invalid option totalSteps = 5/);
    const opt = sgd();
    assert.throws(() => new SequentialLR(opt, [new StepLR(opt, { stepSize: 1 }), new StepLR(opt, { stepSize: 2 })], []), /SequentialLR: invalid option milestones/);
  });
});
