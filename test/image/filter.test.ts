import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImage, encodePng, toGrayscale } from '../../src/io/image/index.js';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import { applyKernel, parseKernel, NAMED_KERNELS, gaussianKernel } from '../../src/vision/filters.js';
import type { GoldenTensor } from '../helpers/paths.js';
import { repoRoot, sharedData } from '../helpers/paths.js';
import { assertClose, readFixtureJson } from './helpers.js';

interface FilterCase {
  kernel: string;
  color: boolean;
  stride: number;
  padding: number;
  rescale: string;
  shape: number[];
  sum: number;
  sumSquares: number;
  min: number;
  max: number;
  crops: { y: number; x: number; values: GoldenTensor }[];
  viewSum: number;
  viewSha256: string;
}
const fixture = readFixtureJson<{ cases: FilterCase[] }>('filters.json');
const bin = join(repoRoot, 'bin', 'striate.js');

function striate(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'striate-filter-'));
});

describe('kernels', () => {
  test("the lecture's three kernels", () => {
    assert.deepEqual(NAMED_KERNELS['sharpen']!.kernel, [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]);
    assert.deepEqual(NAMED_KERNELS['edge']!.kernel, [[0, 1, 0], [1, -4, 1], [0, 1, 0]]);
    assert.deepEqual(NAMED_KERNELS['strong-edge']!.kernel, [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]);
  });
  test('gaussian kernels sum to 1 and are symmetric; σ = 1 centre weight of the 3×3 is 0.2042', () => {
    for (const size of [3, 5]) {
      const g = gaussianKernel(size, 1);
      assert.ok(Math.abs(g.flat().reduce((s, v) => s + v, 0) - 1) < 1e-12);
      assert.equal(g[0]![0], g[size - 1]![size - 1]);
    }
    assert.ok(Math.abs(gaussianKernel(3, 1)[1]![1]! - 0.20417995557165572) < 1e-12);
  });
  test('custom matrices are validated', () => {
    assert.deepEqual(parseKernel('[[0,-1,0],[-1,5,-1],[0,-1,0]]').kernel, NAMED_KERNELS['sharpen']!.kernel);
    assert.throws(() => parseKernel('[[1,2],[3]]'), /not rectangular: row 1 has 2 numbers, row 2 has 1/);
    assert.throws(() => parseKernel('[[1,"x"]]'), /row 1, column 2 is "x", not a number/);
    assert.throws(() => parseKernel('[[1,2]'), /is not valid: expected rows of numbers/);
    assert.throws(() => parseKernel('[]'), /must be a list of rows/);
    assert.throws(() => parseKernel('laplace'), /unknown kernel 'laplace': use one of sharpen, edge, strong-edge/);
  });
});

describe('filter equals PyTorch conv2d on chelsea.png', { skip: sharedData === null ? 'no ../shared/data' : false }, () => {
  for (const c of fixture.cases) {
    const label = `${c.kernel}${c.color ? ' --color' : ''} stride ${c.stride} padding ${c.padding}`;
    test(`${label}: float output (sums, extremes, crops)`, () => {
      const img = readImage(join(sharedData!, 'photos', 'chelsea.png'));
      const src = c.color ? img : toGrayscale(img);
      const [h, w, ch] = src.shape as [number, number, number];
      const x = new Float32Array(ch * h * w);
      const d = src.dataView();
      for (let k = 0; k < ch; k++) for (let i = 0; i < h * w; i++) x[k * h * w + i] = d[i * ch + k]!;
      const y = applyKernel(fromTypedArray(x, [1, ch, h, w], 'float32'), NAMED_KERNELS[c.kernel]!.kernel, { stride: c.stride, padding: c.padding });
      assert.deepEqual(y.shape, [1, ...c.shape]);
      const v = y.dataView();
      let sum = 0;
      let sq = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < v.length; i++) {
        sum += v[i]!;
        sq += v[i]! * v[i]!;
        min = Math.min(min, v[i]!);
        max = Math.max(max, v[i]!);
      }
      // Integer kernels on integer pixels: every output is an exact integer in float32, so these are exact.
      assert.equal(sum, c.sum);
      assert.equal(sq, c.sumSquares);
      assert.equal(min, c.min);
      assert.equal(max, c.max);
      for (const crop of c.crops) {
        const part = y.slice([0, 0, crop.y, crop.x], [1, c.shape[0]!, crop.y + 5, crop.x + 5]).reshape(c.shape[0]!, 5, 5);
        assertClose(part, crop.values, `${label} crop at (${crop.x}, ${crop.y})`, 0);
      }
    });
    test(`${label}: striate filter writes the same image (SHA-256 of the pixels)`, () => {
      const out = join(dir, `${c.kernel}-${c.color}-${c.stride}-${c.padding}.png`);
      const args = ['filter', join(sharedData!, 'photos', 'chelsea.png'), '--kernel', c.kernel, '-o', out, '--stride', String(c.stride), '--padding', String(c.padding)];
      if (c.color) args.push('--color');
      if (c.rescale === 'linear') args.push('--rescale', 'linear'); // others are the kernel's default
      const r = striate(...args);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`rescaled for viewing, ${c.rescale}:`));
      const fmt = (v: number): string => String(v).replace('-', '−');
      if (c.rescale === 'linear') assert.match(r.stdout, new RegExp(`min ${fmt(c.min)} → 0, max ${fmt(c.max)} → 255`));
      if (c.rescale === 'abs') assert.match(r.stdout, new RegExp(`max \\|v\\| ${Math.max(-c.min, c.max)} → 255`));
      const [, oh, ow] = c.shape as [number, number, number];
      assert.match(r.stdout, new RegExp(`output ${ow}×${oh}: width \\(451 − 3 \\+ ${2 * c.padding}\\)/${c.stride} \\+ 1 = ${ow}`));
      const view = readImage(out);
      assert.deepEqual(view.shape, [oh, ow, c.color ? 3 : 1]);
      const bytes = view.dataView();
      let viewSum = 0;
      for (let i = 0; i < bytes.length; i++) viewSum += bytes[i]!;
      assert.equal(viewSum, c.viewSum);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), c.viewSha256);
    });
  }
});

describe('striate filter errors', () => {
  let seven = '';
  before(() => {
    seven = join(dir, 'seven.png');
    const px = new Uint8Array(49);
    px.fill(200, 14, 35);
    writeFileSync(seven, encodePng(fromTypedArray(px, [7, 7, 1], 'uint8')));
  });
  const oneLine = (r: { code: number; stderr: string }, pattern: RegExp): void => {
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^striate: /);
    assert.match(lines[0]!, pattern);
  };
  test('7×7 image, 3×3 kernel, stride 3: does not fit, (7 − 3 + 0)/3 + 1 = 2.33', () => {
    oneLine(
      striate('filter', seven, '--kernel', 'edge', '--stride', '3', '-o', join(dir, 'x.png')),
      /seven\.png: the 3×3 'edge' kernel with stride 3 and padding 0 does not fit the 7×7 image: .*\(7 − 3 \+ 0\)\/3 \+ 1 = 2\.33/,
    );
  });
  test('chelsea (451×300) with stride 2: PyTorch would floor 149.5 to 149; filter refuses with the numbers', { skip: sharedData === null }, () => {
    oneLine(
      striate('filter', join(sharedData!, 'photos', 'chelsea.png'), '--kernel', 'sharpen', '--stride', '2', '-o', join(dir, 'x.png')),
      /output height is not a whole number: \(N − F \+ 2P\)\/S \+ 1 = \(300 − 3 \+ 0\)\/2 \+ 1 = 149\.50/,
    );
  });
  test('stride 2 fits the 7×7 image: 3×3 output', () => {
    const r = striate('filter', seven, '--kernel', 'edge', '--stride', '2', '-o', join(dir, 'seven-edge.png'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readImage(join(dir, 'seven-edge.png')).shape, [3, 3, 1]);
  });
  test('bad custom kernel', () => oneLine(striate('filter', seven, '--kernel', '[[1,2],[3]]', '-o', join(dir, 'x.png')), /--kernel: .*not rectangular/));
  test('unknown kernel', () => oneLine(striate('filter', seven, '--kernel', 'bogus', '-o', join(dir, 'x.png')), /--kernel: unknown kernel 'bogus'/));
  test('--color on a gray image', () => oneLine(striate('filter', seven, '--kernel', 'edge', '--color', '-o', join(dir, 'x.png')), /--color: .*seven\.png has 1 channel \(gray\), not RGB/));
});
