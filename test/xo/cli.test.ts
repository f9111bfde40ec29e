import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { readPng } from '../../src/io/png.js';

const bin = join(repoRoot, 'bin', 'striate.js');

function striate(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface XoJson {
  heldout_accuracy: number;
  heldout: { images: number; correct: number; seed: number };
  training: { images: number; seconds: number; history: { loss: number }[] };
  feature_maps: { filter: string; maps: Record<string, number[][]>; matches: Record<string, number[][]> }[];
  pixel_agreement: { same: number; total: number };
  files: { features: string; heldout: string };
}

describe('striate xo', () => {
  let dir = '';
  let run: { code: number; stdout: string; stderr: string };
  let result: XoJson;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'striate-xo-'));
    run = striate('xo', '--json', '-o', dir);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'with --json, stdout is one JSON line');
    result = JSON.parse(lines[0]!) as XoJson;
  });

  test('the classifier reaches ≥ 95% on 1,000 held-out, more strongly deformed letters', () => {
    assert.ok(result.heldout_accuracy >= 0.95, `held-out accuracy ${result.heldout_accuracy}`);
    assert.equal(result.heldout.images, 1000);
    assert.equal(result.heldout.correct / result.heldout.images, result.heldout_accuracy);
    const h = result.training.history;
    assert.ok(h[h.length - 1]!.loss < h[0]!.loss, 'training loss goes down');
  });

  test('the report prints the images, filters, 2-decimal feature maps and where they match', () => {
    assert.match(run.stderr, /clean X\s+deformed X/);
    assert.match(run.stderr, /-1 {2}1 -1 -1 -1 -1 -1 {2}1 -1/); // row 1 of the clean X
    assert.match(run.stderr, /^ 0\.78 -0\.11 {2}0\.11 {2}0\.33 {2}0\.56 -0\.11 {2}0\.33/m); // diagonal on the clean X
    assert.match(run.stderr, /crossing matches deformed X \(1\.00\) at window centres \(row, col\): \(4, 5\)/);
    assert.match(run.stderr, /agree on only 60 of 81 pixels/);
    assert.match(run.stderr, /Held-out accuracy on 1,000 more strongly deformed letters/);
    const crossing = result.feature_maps.find((f) => f.filter === 'crossing')!;
    assert.equal(crossing.maps['clean X']![3]![3], 1);
    assert.deepEqual(crossing.matches['clean X'], [[4, 4]]);
  });

  test('the two PNGs exist and decode: the feature figure is large and uses both ends of the colour scale', () => {
    assert.equal(result.files.features, join(dir, 'xo-features.png'));
    const fig = readPng(result.files.features);
    const [h, w, c] = fig.shape as [number, number, number];
    assert.ok(h > 600 && w > 600, `figure is ${w}×${h}`);
    const px = fig.dataView();
    let red = 0;
    let blue = 0;
    for (let i = 0; i < h * w; i++) {
      const [r, g, b] = [px[i * c]!, px[i * c + 1]!, px[i * c + 2]!];
      if (r > 120 && g < 60 && b < 60) red++;
      if (b > 100 && r < 60) blue++;
    }
    assert.ok(red > 1000 && blue > 5000, `red ${red}, blue ${blue} pixels`);
    const held = readPng(result.files.heldout);
    assert.ok(held.shape[0]! > 200 && held.shape[1]! > 400);
  });

  test('an output path that is a file is a one-line error', () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = striate('xo', '-o', file);
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^striate: .*not-a-folder.*not a folder/);
  });
});
