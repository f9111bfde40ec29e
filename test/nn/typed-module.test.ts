/**
 * Modules typed by their inputs and output (`Module<In, Out>`): several inputs, tuple and record outputs,
 * forward hooks that receive them typed, summaries of such models; and `nllLoss` range-checking its
 * targets without reading them back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, zeros, fromTypedArray, Tensor } from '../../src/tensor/tensor.js';
import { manualSeed } from '../../src/tensor/random.js';
import { Module } from '../../src/nn/module.js';
import type { AnyModule } from '../../src/nn/module.js';
import { Conv2d } from '../../src/nn/layers/conv.js';
import { Flatten, Linear } from '../../src/nn/layers/basic.js';
import { CrossEntropyLoss } from '../../src/nn/layers/loss.js';
import { crossEntropy, nllLoss } from '../../src/nn/losses.js';
import { summarize } from '../../src/nn/summary.js';
import { countReads } from '../helpers/read-counter.js';
import { onEachBackend } from '../helpers/backends.js';

/** Splits [N, 2k] into its two halves: a tuple output. */
class Halves extends Module<[Tensor], [Tensor, Tensor]> {
  forward(x: Tensor): [Tensor, Tensor] {
    const k = x.shape[1]! / 2;
    return [x.slice([0, 0], [x.shape[0]!, k]), x.slice([0, k])];
  }
}

/** A record output from a conv trunk. */
class Heads extends Module<[Tensor], { logits: Tensor; value: Tensor }> {
  conv = new Conv2d(1, 2, 3);
  flat = new Flatten();
  split = new Halves();
  cls = new Linear(16, 3);
  val = new Linear(16, 1);
  forward(x: Tensor): { logits: Tensor; value: Tensor } {
    const f = this.flat.call(this.conv.call(x)); // [N, 32]
    const [a, b] = this.split.call(f); // [N, 16] each
    return { logits: this.cls.call(a), value: this.val.call(b) };
  }
}

/** Two inputs. */
class Blend extends Module<[Tensor, Tensor]> {
  forward(a: Tensor, b: Tensor): Tensor {
    return a.mul(0.25).add(b.mul(0.75));
  }
}

describe('Module<In, Out>', () => {
  it('hooks receive the typed inputs and output: two inputs, a record, a tuple', () => {
    manualSeed(0);
    const blend = new Blend();
    const seen: number[][] = [];
    blend.registerForwardHook((_m, [a, b], out) => seen.push([a.item(), b.item(), out.item()]));
    assert.equal(blend.call(tensor(4), tensor(8)).item(), 7);
    assert.deepEqual(seen, [[4, 8, 7]]);

    const heads = new Heads();
    const shapes: string[] = [];
    heads.registerForwardHook((_m, [x], { logits, value }) => shapes.push(`${x.shape} → ${logits.shape} + ${value.shape}`));
    heads.split.registerForwardHook((_m, _inputs, [a, b]) => shapes.push(`halves ${a.shape} ${b.shape}`));
    const out = heads.call(zeros([2, 1, 6, 6]));
    assert.deepEqual(out.logits.shape, [2, 3]);
    assert.deepEqual(shapes, ['halves 2,16 2,16', '2,1,6,6 → 2,3 + 2,1']);

    // Generic code walks any module and checks what it gets.
    const outputs: string[] = [];
    const walk: AnyModule = heads;
    const removers = walk.namedModules().map(([name, m]) =>
      m.registerForwardHook((_m, _i, o) => outputs.push(`${name || 'root'}:${o instanceof Tensor ? 'tensor' : Array.isArray(o) ? 'tuple' : 'record'}`)));
    heads.call(zeros([1, 1, 6, 6]));
    for (const r of removers) r();
    assert.deepEqual(outputs, ['conv:tensor', 'flat:tensor', 'split:tuple', 'cls:tensor', 'val:tensor', 'root:record']);
  });

  it('summaries list every tensor of a tuple output; loss layers are two-input modules', () => {
    const report = summarize(new Heads(), [1, 6, 6]);
    const split = report.rows.find((r) => r.name === 'split')!;
    assert.deepEqual(split.outputShapes, [[-1, 16], [-1, 16]]);
    assert.deepEqual(split.outputShape, [-1, 16]);
    assert.match(report.text, /split \(Halves\)\s+\[-1, 16\], \[-1, 16\]/);
    const loss = new CrossEntropyLoss();
    const target = fromTypedArray(Int32Array.from([1]), [1], 'int32');
    assert.ok(Math.abs(loss.call(tensor([[0, 0]]), target).item() - Math.log(2)) < 1e-6);
  });
});

onEachBackend('typed modules', () => {
  describe('nllLoss targets', () => {
    const targets = (v: number[]): Tensor => fromTypedArray(Int32Array.from(v), [v.length], 'int32');

    it('out-of-range targets are named by the kernels, not by a read', () => {
      const logits = tensor([[1, 2, 3], [0, 0, 0]]);
      assert.throws(() => crossEntropy(logits, targets([0, 3])), /nllLoss: target 3 is out of range for 3 classes \(expected 0\.\.2 or ignoreIndex\)/);
      assert.throws(() => nllLoss(logits.logSoftmax(1), targets([-2, 0])), /nllLoss: target -2 is out of range for 3 classes/);
      assert.throws(() => crossEntropy(logits, targets([0, 5]), { weight: tensor([1, 1, 1]) }), /target 5 is out of range for 3 classes/);
      const ignored = crossEntropy(logits, targets([2, -100])).item();
      assert.ok(Math.abs(ignored - (Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3)) < 1e-5, 'ignoreIndex still skips');
    });

    it('forward and backward of crossEntropy read nothing', () => {
      const x = tensor([[1, 2, 3], [0, 1, 0]], { requiresGrad: true });
      const t = targets([2, 1]);
      const c = countReads();
      try {
        crossEntropy(x, t, { weight: tensor([1, 2, 3]), labelSmoothing: 0.1 }).backward();
        assert.equal(c.reads, 0);
      } finally {
        c.restore();
      }
      assert.ok(x.grad);
    });
  });
});
