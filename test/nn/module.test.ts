/** Module: parameter discovery, dotted names, state dicts, train/eval, hooks and PyTorch's default init. */
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { manualSeed } from '../../src/tensor/random.js';
import { fromTypedArray, ones, tensor, zeros, Tensor } from '../../src/tensor/tensor.js';
import { randn } from '../../src/tensor/creation-random.js';
import { Module } from '../../src/nn/module.js';
import { Parameter } from '../../src/nn/parameter.js';
import { Conv2d } from '../../src/nn/layers/conv.js';
import { MaxPool2d } from '../../src/nn/layers/pool.js';
import { Dropout, Flatten, Linear, ReLU, Sequential } from '../../src/nn/layers/basic.js';
import { LectureCNN } from '../../src/vision/models/classification/lecture-cnn.js';

function values(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

class Block extends Module {
  conv: Conv2d;
  act = new ReLU();
  constructor(c: number) {
    super();
    this.conv = new Conv2d(c, c, 3, { padding: 1 });
  }
  forward(x: Tensor): Tensor {
    return this.act.call(this.conv.call(x));
  }
}

/** Nested modules, an array of modules, a Sequential, a raw Parameter and a buffer. */
class Net extends Module {
  stem = new Conv2d(1, 4, 3, { padding: 1 });
  blocks = [new Block(4), new Block(4)];
  head = new Sequential(new Flatten(), new Linear(4 * 4 * 4, 8), new ReLU(), new Linear(8, 3));
  scale = new Parameter(ones([1]));
  /** Underscore fields are private and never discovered. */
  _hidden = new Linear(2, 2);
  /** Plain data fields are ignored. */
  label = 'net';
  constructor() {
    super();
    this.registerBuffer('steps', zeros([1]));
  }
  forward(x: Tensor): Tensor {
    let y = this.stem.call(x);
    for (const b of this.blocks) y = b.call(y);
    return this.head.call(y).mul(this.scale);
  }
}

const NET_PARAMS: [string, number[]][] = [
  ['stem.weight', [4, 1, 3, 3]],
  ['stem.bias', [4]],
  ['scale', [1]],
  ['blocks.0.conv.weight', [4, 4, 3, 3]],
  ['blocks.0.conv.bias', [4]],
  ['blocks.1.conv.weight', [4, 4, 3, 3]],
  ['blocks.1.conv.bias', [4]],
  ['head.1.weight', [8, 64]],
  ['head.1.bias', [8]],
  ['head.3.weight', [3, 8]],
  ['head.3.bias', [3]],
];

beforeEach(() => manualSeed(1234));

describe('parameter discovery', () => {
  it('finds parameters of nested modules, arrays of modules and Sequential with dotted names', () => {
    const net = new Net();
    const named = net.namedParameters();
    const byName = new Map(named.map(([n, p]) => [n, p]));
    assert.deepEqual([...byName.keys()].sort(), NET_PARAMS.map(([n]) => n).sort());
    for (const [name, shape] of NET_PARAMS) assert.deepEqual([...byName.get(name)!.shape], shape, name);
    // As in PyTorch: the module's own parameters first, then each child's, children in field order.
    assert.deepEqual(named.slice(0, 3).map(([n]) => n), ['scale', 'stem.weight', 'stem.bias']);
    assert.ok(named.findIndex(([n]) => n === 'blocks.0.conv.weight') < named.findIndex(([n]) => n === 'head.1.weight'));
    assert.ok(!named.some(([n]) => n.includes('_hidden')), 'underscore fields are not discovered');
    assert.equal(net.parameters().length, NET_PARAMS.length);
    for (const p of net.parameters()) assert.ok(p.requiresGrad);
  });

  it('lists modules and children with dotted names', () => {
    const net = new Net();
    const names = net.namedModules().map(([n]) => n);
    assert.deepEqual(names, [
      '', 'stem', 'blocks.0', 'blocks.0.conv', 'blocks.0.act', 'blocks.1', 'blocks.1.conv', 'blocks.1.act',
      'head', 'head.0', 'head.1', 'head.2', 'head.3',
    ]);
    assert.deepEqual(net.namedChildren().map(([n]) => n), ['stem', 'blocks.0', 'blocks.1', 'head']);
    assert.deepEqual(net.namedBuffers().map(([n]) => n), ['steps']);
  });

  it('numParameters counts every element once, including shared parameters', () => {
    const net = new Net();
    const expected = NET_PARAMS.reduce((n, [, s]) => n + s.reduce((a, b) => a * b, 1), 0);
    assert.equal(net.numParameters(), expected);
    assert.equal(new Linear(10, 5).numParameters(), 55);
    assert.equal(new Linear(10, 5, { bias: false }).numParameters(), 50);
    assert.equal(new Conv2d(3, 10, 5, { stride: 1, padding: 2 }).numParameters(), 760);
    assert.equal(new LectureCNN().numParameters(), 1_668_490);
    // The same layer twice in a Sequential: its parameters count once (PyTorch dedups too).
    const shared = new Linear(4, 4);
    const seq = new Sequential(shared, new ReLU(), shared);
    assert.equal(seq.parameters().length, 2);
    assert.equal(seq.numParameters(), 20);
    assert.deepEqual(seq.namedParameters().map(([n]) => n), ['0.weight', '0.bias']);
  });

  it('a LectureCNN has PyTorch-style names', () => {
    assert.deepEqual(new LectureCNN().namedParameters().map(([n, p]) => `${n} [${p.shape.join(', ')}]`), [
      'conv1.weight [32, 1, 3, 3]', 'conv1.bias [32]', 'conv2.weight [64, 32, 3, 3]', 'conv2.bias [64]',
      'fc1.weight [1024, 1600]', 'fc1.bias [1024]', 'fc2.weight [10, 1024]', 'fc2.bias [10]',
    ]);
  });
});

describe('stateDict / loadStateDict', () => {
  it('round trip: a fresh model loaded with another model\'s state computes the same outputs', () => {
    const a = new Net();
    manualSeed(99);
    const b = new Net();
    const x = randn([2, 1, 4, 4]);
    assert.notDeepEqual(values(a.forward(x)), values(b.forward(x)));
    const sd = a.stateDict();
    assert.deepEqual(Object.keys(sd).sort(), [...NET_PARAMS.map(([n]) => n), 'steps'].sort());
    for (const t of Object.values(sd)) assert.equal(t.requiresGrad, false, 'state dict tensors are detached');
    b.loadStateDict(sd);
    assert.deepEqual(values(b.forward(x)), values(a.forward(x)));
    for (const [name, p] of b.namedParameters()) {
      assert.deepEqual(values(p), values(sd[name]!), name);
      assert.ok(p instanceof Parameter && p.requiresGrad, `${name} is still a trainable Parameter`);
    }
    // The loaded model is still trainable: gradients reach its parameters.
    b.forward(x).sum().backward();
    assert.ok(b.stem.weight.grad !== null);
  });

  it('loading copies: later changes to the source model do not leak into the loaded one', () => {
    const a = new Linear(3, 2);
    const b = new Linear(3, 2);
    b.loadStateDict(a.stateDict());
    const before = values(b.weight);
    a.weight.assign(zeros([2, 3]));
    assert.deepEqual(values(b.weight), before);
  });

  it('strict: missing keys are named', () => {
    const net = new Linear(3, 2);
    assert.throws(() => net.loadStateDict({ weight: zeros([2, 3]) }), (e: Error) => {
      assert.match(e.message, /missing keys: bias/);
      assert.doesNotMatch(e.message, /unexpected/);
      return true;
    });
  });

  it('strict: unexpected keys are named', () => {
    const net = new Linear(3, 2);
    assert.throws(
      () => net.loadStateDict({ weight: zeros([2, 3]), bias: zeros([2]), 'extra.weight': zeros([1]) }),
      /unexpected keys: extra\.weight/,
    );
  });

  it('strict: missing and unexpected together are both reported', () => {
    const net = new Sequential(new Linear(3, 2));
    assert.throws(() => net.loadStateDict({ weight: zeros([2, 3]), bias: zeros([2]) }), (e: Error) => {
      assert.match(e.message, /missing keys: 0\.weight, 0\.bias/);
      assert.match(e.message, /unexpected keys: weight, bias/);
      return true;
    });
  });

  it('shape mismatch names the key and both shapes (strict or not)', () => {
    const net = new Linear(3, 2);
    for (const strict of [true, false])
      assert.throws(() => net.loadStateDict({ weight: zeros([3, 2]), bias: zeros([2]) }, strict), (e: Error) => {
        assert.match(e.message, /'weight'/);
        assert.match(e.message, /\[2, 3\]/);
        assert.match(e.message, /\[3, 2\]/);
        return true;
      });
    // Same number of elements, different rank.
    assert.throws(() => net.loadStateDict({ weight: zeros([6]), bias: zeros([2]) }), /'weight' expects shape \[2, 3\], got \[6\]/);
  });

  it('non-strict loads what matches and ignores the rest', () => {
    const net = new Linear(3, 2);
    const bias = values(net.bias!);
    net.loadStateDict({ weight: ones([2, 3]), other: zeros([4]) }, false);
    assert.deepEqual(values(net.weight), [1, 1, 1, 1, 1, 1]);
    assert.deepEqual(values(net.bias!), bias);
  });

  it('buffers are saved and restored', () => {
    const a = new Net();
    const b = new Net();
    const sd = a.stateDict();
    sd['steps'] = tensor([7]);
    b.loadStateDict(sd);
    assert.deepEqual(values(b.stateDict()['steps']!), [7]);
  });
});

describe('train() / eval()', () => {
  it('propagate to every descendant and return the module', () => {
    const net = new Net();
    assert.ok(net.namedModules().every(([, m]) => m.training));
    assert.equal(net.eval(), net);
    assert.ok(net.namedModules().every(([, m]) => !m.training));
    net.train();
    assert.ok(net.namedModules().every(([, m]) => m.training));
    net.train(false);
    assert.ok(net.namedModules().every(([, m]) => !m.training));
  });

  it('Dropout is the identity in eval mode and drops/rescales in training', () => {
    const seq = new Sequential(new Linear(1, 1), new Dropout(0.5));
    const drop = seq.layers[1]!;
    const x = ones([1000]);
    seq.eval();
    assert.equal(drop.training, false);
    assert.deepEqual(values(drop.call(x)), values(x));
    seq.train();
    const y = values(drop.call(x));
    const zeroed = y.filter((v) => v === 0).length;
    assert.ok(y.every((v) => v === 0 || v === 2), 'survivors are scaled by 1/(1 − p)');
    assert.ok(zeroed > 400 && zeroed < 600, `about half dropped, got ${zeroed}`);
    // p = 0 never drops.
    assert.deepEqual(values(new Dropout(0).call(x)), values(x));
  });
});

describe('forward hooks', () => {
  it('run after call() with the module, inputs and output, and can be removed', () => {
    const lin = new Linear(3, 2);
    const seen: { module: Module; inputs: Tensor[]; out: number[] }[] = [];
    const remove = lin.registerForwardHook((module, inputs, output) => seen.push({ module, inputs, out: output.shape.slice() }));
    const x = ones([4, 3]);
    lin.call(x);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.module, lin);
    assert.equal(seen[0]!.inputs[0], x);
    assert.deepEqual(seen[0]!.out, [4, 2]);
    lin.forward(x);
    assert.equal(seen.length, 1, 'forward() bypasses hooks');
    remove();
    lin.call(x);
    assert.equal(seen.length, 1, 'removed hook no longer runs');
    remove(); // removing twice is harmless
  });

  it('fire for nested layers in execution order (feature-map capture)', () => {
    const model = new LectureCNN();
    const order: string[] = [];
    const removers = model.namedModules().filter(([n]) => n !== '').map(([name, m]) =>
      m.registerForwardHook((_m, _i, out) => order.push(`${name} ${out instanceof Tensor ? out.shape.join('x') : typeof out}`)));
    model.call(zeros([2, 1, 28, 28]));
    for (const r of removers) r();
    assert.deepEqual(order, [
      'conv1 2x32x26x26', 'pool 2x32x13x13', 'conv2 2x64x11x11', 'pool 2x64x5x5', 'flatten 2x1600', 'fc1 2x1024', 'fc2 2x10',
    ]);
  });
});

describe('PyTorch default initialisation', () => {
  const within = (t: Tensor, bound: number, what: string): void => {
    const v = values(t);
    const maxAbs = v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    assert.ok(maxAbs <= bound, `${what}: max |w| ${maxAbs} exceeds 1/√fanIn = ${bound}`);
    // Uniform over the whole range: the extremes come close to the bound.
    if (v.length >= 200) assert.ok(maxAbs > 0.9 * bound, `${what}: max |w| ${maxAbs} is far inside ${bound}`);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    if (v.length >= 200) assert.ok(Math.abs(mean) < 0.1 * bound, `${what}: mean ${mean} should be ≈ 0`);
  };

  it('Linear weights and biases lie within ±1/√in_features', () => {
    for (const [inF, outF] of [[100, 50], [1600, 1024], [3, 2]] as const) {
      const lin = new Linear(inF, outF);
      within(lin.weight, 1 / Math.sqrt(inF), `Linear(${inF}, ${outF}).weight`);
      within(lin.bias!, 1 / Math.sqrt(inF), `Linear(${inF}, ${outF}).bias`);
    }
  });

  it('Conv2d weights and biases lie within ±1/√(C_in/groups·KH·KW)', () => {
    for (const [c, oc, k, groups] of [[3, 16, 5, 1], [32, 64, 3, 1], [8, 8, 3, 4], [1, 32, 3, 1]] as const) {
      const conv = new Conv2d(c, oc, k, { groups });
      const fanIn = (c / groups) * k * k;
      within(conv.weight, 1 / Math.sqrt(fanIn), `Conv2d(${c}, ${oc}, ${k}, groups=${groups}).weight`);
      within(conv.bias!, 1 / Math.sqrt(fanIn), `Conv2d(${c}, ${oc}, ${k}).bias`);
    }
  });

  it('uniform spread: variance ≈ bound²/3', () => {
    const lin = new Linear(256, 256);
    const v = values(lin.weight);
    const varv = v.reduce((a, b) => a + b * b, 0) / v.length;
    const bound = 1 / 16;
    assert.ok(Math.abs(varv / (bound * bound / 3) - 1) < 0.05, `variance ${varv} vs ${bound * bound / 3}`);
  });

  it('is reproducible under manualSeed', () => {
    manualSeed(7);
    const a = values(new Conv2d(3, 4, 3).weight);
    manualSeed(7);
    const b = values(new Conv2d(3, 4, 3).weight);
    assert.deepEqual(a, b);
  });
});

describe('a small model end to end', () => {
  it('Conv2d → ReLU → MaxPool → Flatten → Linear computes shapes and gradients for every parameter', () => {
    const model = new Sequential(new Conv2d(1, 8, 3), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8 * 13 * 13, 10));
    const x = fromTypedArray(Float32Array.from({ length: 2 * 28 * 28 }, (_, i) => Math.sin(i)), [2, 1, 28, 28]);
    const y = model.call(x);
    assert.deepEqual([...y.shape], [2, 10]);
    y.sum().backward();
    for (const [name, p] of model.namedParameters()) {
      assert.ok(p.grad, `${name} has a gradient`);
      assert.deepEqual([...p.grad.shape], [...p.shape]);
    }
    model.zeroGrad();
    assert.ok(model.parameters().every((p) => p.grad === null));
  });
});
