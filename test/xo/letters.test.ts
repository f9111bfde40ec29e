import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/tensor/random.js';
import { DataLoader } from '../../src/data/dataloader.js';
import { XoLetters } from '../../src/vision/xo/dataset.js';
import { drawLetter, HARD_DEFORMATION, TRAIN_DEFORMATION, type LetterDeformation } from '../../src/vision/xo/letters.js';
import { XoNet } from '../../src/vision/xo/model.js';

/** No randomness in the geometry: centred, upright, no wobble, gaps or noise. */
const PLAIN: LetterDeformation = {
  scale: [0.7, 0.7], maxRotationDeg: 0, maxShift: 0, penRadius: [1.2, 1.2], endJitter: 0, oAspect: [1, 1],
  wobble: 0, gapChance: 0, gapLength: [0.1, 0.1], noise: 0, ink: [1, 1],
};

const at = (img: Float32Array, size: number, y: number, x: number): number => img[y * size + x]!;

describe('X/O letter generator', () => {
  test('the same seed gives the same images; another seed gives other images', () => {
    const a = new XoLetters({ count: 40, seed: 7 });
    const b = new XoLetters({ count: 40, seed: 7 });
    const c = new XoLetters({ count: 40, seed: 8 });
    assert.deepEqual(a.images, b.images);
    assert.deepEqual(a.labels, b.labels);
    assert.notDeepEqual(a.images, c.images);
  });

  test('both classes, alternating and balanced; every image has ink', () => {
    const ds = new XoLetters({ count: 50, seed: 1, deformation: HARD_DEFORMATION });
    assert.deepEqual([...ds.labels.slice(0, 4)], [0, 1, 0, 1]);
    assert.equal(ds.labels.filter((l) => l === 0).length, 25);
    for (let i = 0; i < ds.length; i++) {
      const img = ds.images.subarray(i * 784, (i + 1) * 784);
      assert.ok(img.filter((v) => v > 128).length >= 15, `image ${i} has too little ink`);
    }
  });

  test('an undeformed X crosses at the centre; an undeformed O is a ring with an empty centre', () => {
    const size = 28;
    const x = drawLetter('X', size, PLAIN, new Generator(0));
    const o = drawLetter('O', size, PLAIN, new Generator(0));
    assert.ok(at(x, size, 14, 14) > 0.9 && at(x, size, 13, 13) > 0.9, 'X centre');
    assert.ok(at(x, size, 14, 5) === 0 && at(x, size, 5, 14) === 0, 'X has no ink left/above the centre at mid-height/width');
    assert.ok(at(o, size, 14, 14) === 0, 'O centre is empty');
    // radius 0.7 × 14 = 9.8 px: the ring passes through x ≈ 14 ± 9.8 on the middle row.
    assert.ok(at(o, size, 14, 4) > 0.5 && at(o, size, 13, 23) > 0.5, 'O ring');
  });

  test('letters stay inside the image even when strongly deformed (the 1-pixel border is empty without noise)', () => {
    const noNoise = { ...HARD_DEFORMATION, noise: 0, scale: [0.9, 1] as const };
    const g = new Generator(3);
    for (let i = 0; i < 60; i++) {
      const img = drawLetter(i % 2 ? 'O' : 'X', 28, noNoise, g);
      for (let k = 0; k < 28; k++)
        for (const [y, x] of [[0, k], [27, k], [k, 0], [k, 27]] as const) assert.equal(at(img, 28, y, x), 0, `letter ${i} touches (${y}, ${x})`);
    }
  });

  test('held-out letters are more deformed than training letters in every range', () => {
    const t = TRAIN_DEFORMATION;
    const h = HARD_DEFORMATION;
    assert.ok(h.maxRotationDeg > t.maxRotationDeg && h.wobble > t.wobble && h.noise > t.noise && h.gapChance > t.gapChance);
    assert.ok(h.endJitter > t.endJitter && h.penRadius[0] < t.penRadius[0] && h.penRadius[1] > t.penRadius[1]);
  });

  test('a DataLoader yields float32 [B, 1, 28, 28] in [0, 1] and int32 labels, and XoNet maps them to [B, 2]', () => {
    const ds = new XoLetters({ count: 10, seed: 2 });
    const loader = new DataLoader(ds, { batchSize: 4 });
    const { x, y } = loader.iterate().next().value!;
    assert.deepEqual(x.shape, [4, 1, 28, 28]);
    assert.equal(x.dtype, 'float32');
    assert.equal(y.dtype, 'int32');
    assert.deepEqual([...y.dataView()], [0, 1, 0, 1]);
    const v = x.dataView();
    assert.ok(Array.from(v, Number).every((p) => p >= 0 && p <= 1));
    const net = new XoNet(28);
    assert.equal(net.numParameters(), 2050);
    assert.deepEqual(net.call(x).shape, [4, 2]);
    assert.deepEqual(ds.get(3).image.shape, [1, 28, 28]);
    assert.equal(ds.get(3).label, 1);
  });
});
