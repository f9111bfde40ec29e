/** Param groups, zeroGrad, skipped parameters, the lr accessor, option validation and the factory. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/tensor.js';
import { Adam, AdamW, createOptimizer, RMSprop, SGD } from '../../src/optim/index.js';
import { assertClose } from './helpers.js';

const f = Math.fround;

describe('param groups', () => {
  it('applies each group its own lr, other options falling back to the defaults', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([1, 2], { requiresGrad: true });
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    assert.equal(opt.paramGroups[0]!.lr, 0.1);
    assert.equal(opt.paramGroups[1]!.lr, 0.5);
    assert.equal(opt.paramGroups[1]!.momentum, 0.9);
    a.grad = tensor([1, 1]);
    b.grad = tensor([1, 1]);
    opt.step();
    assertClose(a.dataView(), [0.9, 1.9], 'a', 0, 1e-7);
    assertClose(b.dataView(), [0.5, 1.5], 'b', 0, 1e-7);
  });

  it('lr getter reads the first group and the setter writes all groups', () => {
    const opt = new Adam([{ params: [tensor([1], { requiresGrad: true })] }, { params: [tensor([2], { requiresGrad: true })], lr: 5 }]);
    assert.equal(opt.lr, 1e-3);
    opt.lr = 0.25;
    assert.deepEqual(opt.paramGroups.map((g) => g.lr), [0.25, 0.25]);
    assert.throws(() => (opt.lr = -1), /Adam: invalid option lr = -1/);
  });

  it('addParamGroup adds a group and refuses a parameter already present', () => {
    const a = tensor([1], { requiresGrad: true });
    const opt = new SGD([a], { lr: 0.1 });
    opt.addParamGroup({ params: [tensor([3], { requiresGrad: true })], lr: 0.01 });
    assert.equal(opt.paramGroups.length, 2);
    assert.throws(() => opt.addParamGroup({ params: [a] }), /appears more than once/);
  });
});

describe('zeroGrad and skipped parameters', () => {
  it('zeroGrad sets every grad to null', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3], { requiresGrad: true });
    a.mul(a).sum().add(b.mul(b).sum()).backward();
    assert.notEqual(a.grad, null);
    const opt = new SGD([a, b], { lr: 0.1 });
    opt.zeroGrad();
    assert.equal(a.grad, null);
    assert.equal(b.grad, null);
  });

  it('skips parameters without a gradient, leaving their values and state untouched', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const opt = new Adam([a, b], { lr: 0.1 });
    a.grad = tensor([1, -1]);
    opt.step();
    assert.deepEqual(b.toArray(), [3, 4]);
    assert.notDeepEqual(a.toArray(), [1, 2]);
    const sd = opt.stateDict();
    assert.deepEqual(sd.config.state, { '0': { step: 1 } });
    assert.ok(!Object.keys(sd.tensors).some((k) => k.startsWith('state.1.')));
  });

  it('updates through backward() and keeps the parameter object (assign in place)', () => {
    const w = tensor([2, -3], { requiresGrad: true });
    const before = w.detach();
    const opt = new SGD([w], { lr: 0.25 });
    w.mul(w).sum().backward(); // grad = 2w
    opt.step();
    assertClose(w.dataView(), [1, -1.5], 'w', 0, 0);
    assert.deepEqual(before.toArray(), [2, -3], 'old contents stay intact for other holders');
    assert.equal(w.requiresGrad, true);
  });

  it('maximize ascends', () => {
    const w = tensor([1], { requiresGrad: true });
    const opt = new SGD([w], { lr: 0.5, maximize: true });
    w.grad = tensor([1]);
    opt.step();
    assert.deepEqual(w.toArray(), [1.5]);
  });

  it('step(closure) returns the closure result', () => {
    const w = tensor([1], { requiresGrad: true });
    const opt = new SGD([w], { lr: 0.5 });
    const loss = opt.step(() => {
      const l = w.mul(w).sum();
      l.backward();
      return l.item();
    });
    assert.equal(loss, 1);
    assert.deepEqual(w.toArray(), [0]);
  });

  it('AdamW decays weights even with a zero gradient', () => {
    const w = tensor([1], { requiresGrad: true });
    const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
    w.grad = tensor([0]);
    opt.step();
    assert.deepEqual(w.toArray(), [f(0.95)]);
  });
});

describe('option validation', () => {
  const p = (): ReturnType<typeof tensor> => tensor([1], { requiresGrad: true });
  const cases: [string, () => unknown, RegExp][] = [
    ['negative lr', () => new SGD([p()], { lr: -0.1 }), /SGD: invalid option lr = -0\.1 \(must be a finite number >= 0\)/],
    ['NaN lr', () => new Adam([p()], { lr: NaN }), /Adam: invalid option lr = NaN/],
    ['missing SGD lr', () => new SGD([{ params: [p()] }]), /SGD \(param group 0\): option lr is required/],
    ['negative momentum', () => new SGD([p()], { lr: 1, momentum: -1 }), /SGD: invalid option momentum = -1/],
    ['nesterov without momentum', () => new SGD([p()], { lr: 1, nesterov: true }), /SGD: invalid option nesterov = true .*momentum > 0/],
    ['beta out of range', () => new Adam([p()], { betas: [0.9, 1] }), /Adam: invalid option betas = \[0\.9,1\] \(must be a pair/],
    ['negative eps', () => new RMSprop([p()], { eps: -1 }), /RMSprop: invalid option eps = -1/],
    ['negative weightDecay in a group', () => new AdamW([{ params: [p()] }, { params: [p()], weightDecay: -2 }]), /AdamW \(param group 1\): invalid option weightDecay = -2/],
    ['negative alpha', () => new RMSprop([p()], { alpha: -0.5 }), /RMSprop: invalid option alpha = -0\.5/],
    ['wrong type', () => createOptimizer('rmsprop', [p()], { centered: 'yes' }), /RMSprop: invalid option centered = "yes" \(must be true or false\)/],
    ['unknown option', () => createOptimizer('sgd', [p()], { lr: 1, momentun: 0.9 }), /SGD: unknown option "momentun"; valid options are .*momentum/],
    ['empty params', () => new Adam([]), /Adam: got an empty parameter list/],
    ['non-leaf param', () => new SGD([p().mul(2)], { lr: 1 }), /not a leaf tensor/],
    ['duplicate param', () => { const x = p(); return new SGD([x, x], { lr: 1 }); }, /appears more than once/],
  ];
  for (const [name, fn, re] of cases) it(name, () => assert.throws(fn, re));
});

describe('createOptimizer', () => {
  it('builds each optimiser by name, case-insensitively', () => {
    const x = (): ReturnType<typeof tensor> => tensor([1], { requiresGrad: true });
    assert.ok(createOptimizer('sgd', [x()], { lr: 0.1 }) instanceof SGD);
    assert.ok(createOptimizer('adam', [x()]) instanceof Adam);
    assert.ok(createOptimizer('adamw', [x()]) instanceof AdamW);
    assert.ok(createOptimizer('RMSprop', [x()]) instanceof RMSprop);
    assert.equal(createOptimizer('adamw', [x()]).paramGroups[0]!.weightDecay, 1e-2);
  });

  it('names the valid optimisers for an unknown name', () => {
    assert.throws(() => createOptimizer('adagrad', [tensor([1], { requiresGrad: true })]), /unknown optimizer "adagrad"; valid names are sgd, adam, adamw, rmsprop/);
  });
});
