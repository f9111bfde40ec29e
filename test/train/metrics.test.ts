/**
 * Metric objects (Mean, Accuracy, TopKAccuracy, ConfusionMatrix, MeanIoU) on real numbers: hand-computed
 * values, the host-side reference count `countTopK`, and the one-batch functions; `update` reads nothing
 * back and `compute` reads once.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromTypedArray, tensor } from '../../src/tensor/tensor.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { Generator } from '../../src/tensor/random.js';
import { Mean } from '../../src/train/metric.js';
import { Accuracy, TopKAccuracy, countCorrect } from '../../src/train/classification-metrics.js';
import { ConfusionMatrix, MeanIoU, iouFromConfusion } from '../../src/train/confusion-matrix.js';
import { accuracy, confusionMatrix, countTopK, topKAccuracy } from '../../src/train/metrics.js';
import { countReads } from '../helpers/read-counter.js';
import { onEachBackend } from '../helpers/backends.js';

const i32 = (values: number[], shape = [values.length]): Tensor => fromTypedArray(Int32Array.from(values), shape, 'int32');

/** Scores [n, c] with many ties (small integers), and targets [n], from a seeded generator. */
function tiedScores(g: Generator, n: number, c: number): { scores: Tensor; target: Tensor } {
  const s = Float32Array.from({ length: n * c }, () => g.int(0, 4));
  const t = Int32Array.from({ length: n }, () => g.int(0, c));
  return { scores: fromTypedArray(s, [n, c], 'float32'), target: fromTypedArray(t, [n], 'int32') };
}

/** counts[t][p] on the host, the old way. */
function hostConfusion(p: ArrayLike<number>, t: ArrayLike<number>, c: number): number[][] {
  const m = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  for (let i = 0; i < p.length; i++) m[t[i]!]![p[i]!]!++;
  return m;
}

onEachBackend('metric objects', () => {
  describe('Mean', () => {
    it('weighted mean of batch means equals Σ v·n / Σ n from item(), in float64', () => {
      const m = new Mean('loss');
      const batches = [[0.75, 32], [1.5, 32], [2.1, 7]] as const;
      for (const [v, n] of batches) m.update(tensor(v), n);
      const expected = batches.reduce((s, [v, n]) => s + Math.fround(v) * n, 0) / 71;
      assert.equal(m.compute(), expected);
      m.update(tensor([1, 2, 3, 6])); // four values, weight 1 each
      assert.equal(m.compute(), (expected * 71 + 12) / 75);
      m.reset();
      assert.ok(Number.isNaN(m.compute()));
    });

    it('update reads nothing; compute reads once (300 updates, packed on the device)', () => {
      const m = new Mean();
      const values = Array.from({ length: 300 }, (_, i) => tensor(i / 7));
      const c = countReads();
      try {
        for (const v of values) m.update(v, 2);
        assert.equal(c.reads, 0);
        const r = m.compute();
        assert.equal(c.reads, 1);
        assert.equal(m.compute(), r, 'cached');
        assert.equal(c.reads, 1);
        const expected = values.reduce((s, _v, i) => s + Math.fround(i / 7) * 2, 0) / 600;
        assert.equal(r, expected);
      } finally {
        c.restore();
      }
    });
  });

  describe('Accuracy and TopKAccuracy', () => {
    it('hand-computed: 2 of 4 rows correct, top-2 3 of 4, over two batches', () => {
      const scores = tensor([[0.1, 0.7, 0.2], [0.5, 0.4, 0.1], [0.3, 0.3, 0.4], [0.2, 0.5, 0.3]]);
      const target = i32([1, 1, 0, 0]);
      const acc = new Accuracy();
      acc.update(scores, target);
      assert.equal(acc.compute(), 1 / 4); // row 0 only
      acc.update(tensor([[0, 1, 0], [1, 0, 0]]), i32([1, 0])); // both right
      assert.equal(acc.compute(), 3 / 6);
      const top2 = new TopKAccuracy(2);
      top2.update(scores, target);
      assert.equal(top2.compute(), 3 / 4); // rows 0, 1, 2 (row 3: 0.2 is the lowest)
      assert.equal(top2.name, 'top2_accuracy');
    });

    it('equal to the host count countTopK on tied scores, for every k, and the one-batch functions agree', () => {
      const g = new Generator(5);
      const c = 6;
      const acc = new Accuracy();
      const topk = Array.from({ length: c }, (_, k) => new TopKAccuracy(k + 1));
      let n = 0;
      const host = new Array<number>(c).fill(0);
      for (const rows of [50, 17, 33]) {
        const { scores, target } = tiedScores(g, rows, c);
        acc.update(scores, target);
        for (const m of topk) m.update(scores, target);
        for (let k = 0; k < c; k++) host[k]! += countTopK(scores, target, k + 1);
        assert.equal(countCorrect(scores, target).item(), countTopK(scores, target, 1));
        assert.equal(accuracy(scores, target), countTopK(scores, target, 1) / rows);
        assert.equal(topKAccuracy(scores, target, 3), countTopK(scores, target, 3) / rows);
        n += rows;
      }
      assert.equal(acc.compute(), host[0]! / n);
      topk.forEach((m, k) => assert.equal(m.compute(), host[k]! / n, `k = ${k + 1}`));
      assert.equal(topk[c - 1]!.compute(), 1);
    });

    it('updates read nothing, compute reads once; bad inputs are named', () => {
      const { scores, target } = tiedScores(new Generator(1), 20, 4);
      const acc = new Accuracy();
      const c = countReads();
      try {
        for (let i = 0; i < 5; i++) acc.update(scores, target);
        assert.equal(c.reads, 0);
        acc.compute();
        assert.equal(c.reads, 1);
      } finally {
        c.restore();
      }
      assert.throws(() => acc.update(tensor([1, 2]), i32([0, 1])), /accuracy: expected scores \[N, C\], got \[2\]/);
      assert.throws(() => acc.update(scores, i32([0])), /accuracy: expected targets \[20\], got \[1\]/);
      assert.throws(() => new TopKAccuracy(2).update(tensor([[1, 2]]), i32([5])), /topKAccuracy: target 5 is out of range for 2 classes/);
    });
  });

  describe('ConfusionMatrix and MeanIoU', () => {
    it('hand-computed counts from indices and from scores; the one-batch function agrees', () => {
      const m = new ConfusionMatrix(3);
      m.update(i32([0, 1, 2, 2, 1]), i32([0, 1, 1, 2, 0]));
      m.update(tensor([[0.9, 0.1, 0], [0, 0.2, 0.8]]), i32([0, 2])); // arg-max 0 and 2
      assert.deepEqual(m.compute().tolist(), [[2, 1, 0], [0, 1, 1], [0, 0, 2]]);
      assert.deepEqual(confusionMatrix(i32([0, 1, 2, 2, 1]), i32([0, 1, 1, 2, 0]), 3).tolist(), [[1, 1, 0], [0, 1, 1], [0, 0, 1]]);
      m.reset();
      assert.deepEqual(m.compute().tolist(), [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    });

    it('equals the host count on random batches; updates read nothing, compute reads once', () => {
      const g = new Generator(9);
      const c = 5;
      const m = new ConfusionMatrix(c);
      const p: number[] = [];
      const t: number[] = [];
      const batches = [40, 3, 61].map((n) => ({
        p: Array.from({ length: n }, () => g.int(0, c)),
        t: Array.from({ length: n }, () => g.int(0, c)),
      }));
      const tensors = batches.map((b) => ({ p: i32(b.p), t: i32(b.t) }));
      const counter = countReads();
      try {
        for (const b of tensors) m.update(b.p, b.t);
        assert.equal(counter.reads, 0);
        m.compute();
        assert.equal(counter.reads, 1);
      } finally {
        counter.restore();
      }
      for (const b of batches) p.push(...b.p), t.push(...b.t);
      assert.deepEqual(m.compute().tolist(), hostConfusion(p, t, c));
    });

    it('segmentation: scores [N, C, H, W] against masks [N, H, W], with an ignored value', () => {
      // 1 image, 2 classes, 2×2 pixels; class 1 wins where its score is higher.
      const scores = fromTypedArray(Float32Array.from([0.9, 0.1, 0.4, 0.2, /* class 1: */ 0.1, 0.9, 0.6, 0.1]), [1, 2, 2, 2], 'float32');
      const mask = i32([0, 1, 255, 1], [1, 2, 2]); // predicted: 0, 1, 1, 0
      const m = new ConfusionMatrix(2, { ignoreIndex: 255 });
      m.update(scores, mask);
      assert.deepEqual(m.compute().tolist(), [[1, 0], [1, 1]]);
      const bad = new ConfusionMatrix(2);
      bad.update(scores, mask);
      assert.throws(() => bad.compute(), /confusion_matrix: 1 targets or predictions were outside the classes 0\.\.1/);
      assert.throws(() => m.update(tensor([[1, 2, 3]]), mask), /expected class indices of the target's shape \[1, 2, 2\] or scores \[N, C, \.\.\.\], got float32 \[1, 3\]/);
    });

    it('MeanIoU: per-class tp / (tp + fp + fn), NaN for an absent class, mean over the present ones', () => {
      // true:  0 0 1 1 1 2   predicted: 0 1 1 1 0 2   (class 3 never occurs)
      const iou = new MeanIoU(4);
      iou.update(i32([0, 1, 1, 1, 0, 2]), i32([0, 0, 1, 1, 1, 2]));
      const r = iou.compute();
      // class 0: tp 1, fp 1, fn 1 → 1/3; class 1: tp 2, fp 1, fn 1 → 2/4; class 2: 1/1.
      assert.deepEqual(r.perClass.slice(0, 3), [1 / 3, 2 / 4, 1]);
      assert.ok(Number.isNaN(r.perClass[3]!));
      assert.equal(r.mean, (1 / 3 + 2 / 4 + 1) / 3);
      assert.deepEqual(iouFromConfusion(confusionMatrix(i32([0, 1, 1, 1, 0, 2]), i32([0, 0, 1, 1, 1, 2]), 4)), r);
    });
  });
});
