import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import {
  CLEAN_X, DEFORMED_X, XO_FILTERS, featureMaps, matchCentres, pixelAgreement,
} from '../../src/vision/xo/case-study.js';

interface XoGolden {
  generator: string;
  image_names: string[];
  filter_names: string[];
  images: { shape: number[]; data: number[] };
  filters: { shape: number[]; data: number[] };
  sums: { shape: number[]; data: number[] };
  maps: { shape: number[]; data: number[] };
}

const golden = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'golden', 'xo_feature_maps.json'), 'utf8')) as XoGolden;
const maps = featureMaps([CLEAN_X, DEFORMED_X], XO_FILTERS);

describe('X-or-X case study', () => {
  test('the images and filters are the ones PyTorch was given (scripts/gen_xo_golden.py)', () => {
    assert.deepEqual(golden.images.shape, [2, 1, 9, 9]);
    assert.deepEqual([...CLEAN_X.flat(), ...DEFORMED_X.flat()], golden.images.data);
    assert.deepEqual(XO_FILTERS.map((f) => f.name), golden.filter_names);
    assert.deepEqual(XO_FILTERS.flatMap((f) => f.weights.flat()), golden.filters.data);
  });

  test('feature maps equal torch F.conv2d(images, filters) / 9, valid 7×7', () => {
    assert.deepEqual(golden.maps.shape, [2, 3, 7, 7]);
    const ours = maps.flat(3);
    assert.equal(ours.length, golden.maps.data.length);
    ours.forEach((v, k) => assert.ok(Math.abs(v - golden.maps.data[k]!) < 1e-6, `entry ${k}: ${v} vs torch ${golden.maps.data[k]}`));
    // The sums are integers, so ×9 must give them back exactly (up to float32 rounding).
    ours.forEach((v, k) => assert.equal(Math.round(v * 9), golden.sums.data[k]));
  });

  test('hand-computed values on the clean X', () => {
    const [diagonal, crossing] = maps[0]!;
    // Top-left window [[-1,-1,-1],[-1,1,-1],[-1,-1,1]] against the diagonal filter: 8 agree, 1 differs → (8 − 1)/9.
    assert.ok(Math.abs(diagonal![0]![0]! - 7 / 9) < 1e-6);
    // The window centred on the crossing (4, 4) is exactly the crossing filter.
    assert.ok(Math.abs(crossing![3]![3]! - 1) < 1e-6);
    // Centred on (4, 3): the left neighbour of the crossing: 1 agrees, 8 differ → −7/9.
    assert.ok(Math.abs(crossing![3]![2]! + 7 / 9) < 1e-6);
  });

  test('every feature matches perfectly somewhere in both images, while whole images differ', () => {
    assert.deepEqual(matchCentres(maps[0]![0]!), [[2, 2], [3, 3], [5, 5], [6, 6]]);
    assert.deepEqual(matchCentres(maps[0]![1]!), [[4, 4]]);
    assert.deepEqual(matchCentres(maps[1]![1]!), [[4, 5]]);
    for (const [i, perImage] of maps.entries())
      for (const [k, map] of perImage.entries()) assert.ok(matchCentres(map).length > 0, `${XO_FILTERS[k]!.name} on image ${i}`);
    assert.deepEqual(pixelAgreement(CLEAN_X, DEFORMED_X), { same: 60, total: 81 });
  });
});
