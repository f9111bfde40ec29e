import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { GoldenTensor } from '../helpers/paths.js';
import { repoRoot, sharedData } from '../helpers/paths.js';
import { fixturePath, readFixtureJson } from './helpers.js';

const bin = join(repoRoot, 'bin', 'striate.js');
function striate(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The matrix printed under `label:` as rows of numbers. */
function matrixAfter(stdout: string, label: string): number[][] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${label}`));
  assert.ok(start >= 0, `no '${label}' block in:\n${stdout}`);
  const rows: number[][] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.trim()) break;
    rows.push(l.trim().split(/\s+/).map(Number));
  }
  return rows;
}

interface PhotoCase {
  file: string;
  region: { x: number; y: number; width: number; height: number };
  regionPixels: GoldenTensor;
}

describe('striate pixels', () => {
  test('coins.png --region 0,0,12,16 prints the values PIL decodes', { skip: sharedData === null ? 'no ../shared/data' : false }, () => {
    const photo = readFixtureJson<{ photos: PhotoCase[] }>('decode.json').photos.find((p) => p.file === 'coins.png')!;
    assert.deepEqual(photo.region, { x: 0, y: 0, width: 12, height: 16 });
    const r = striate('pixels', join(sharedData!, 'photos', 'coins.png'), '--region', '0,0,12,16');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /coins\.png: 384×303 pixels \(width × height\), 1 channel \(gray\)/);
    assert.match(r.stdout, /region x=0, y=0, width=12, height=16: columns 0–11, rows 0–15/);
    const m = matrixAfter(r.stdout, 'gray:');
    assert.equal(m.length, 16);
    assert.deepEqual(m.flat(), photo.regionPixels.data);
    // aligned: every row has the same length
    const rows = r.stdout.split('\n').slice(4, 20);
    assert.equal(new Set(rows.map((l) => l.length)).size, 1, rows.join('\n'));
  });
  test('an RGB photo prints red, green and blue; --channel picks one', { skip: sharedData === null ? 'no ../shared/data' : false }, () => {
    const photo = readFixtureJson<{ photos: PhotoCase[] }>('decode.json').photos.find((p) => p.file === 'chelsea.png')!;
    const { x, y, width, height } = photo.region;
    const region = `${x},${y},${width},${height}`;
    const r = striate('pixels', join(sharedData!, 'photos', 'chelsea.png'), '--region', region);
    assert.equal(r.code, 0, r.stderr);
    const expected = photo.regionPixels.data;
    ['red:', 'green:', 'blue:'].forEach((label, c) => {
      assert.deepEqual(matrixAfter(r.stdout, label).flat(), expected.filter((_, i) => i % 3 === c), label);
    });
    const g = striate('pixels', join(sharedData!, 'photos', 'chelsea.png'), '--region', region, '--channel', 'g');
    assert.deepEqual(matrixAfter(g.stdout, 'green:').flat(), expected.filter((_, i) => i % 3 === 1));
    assert.doesNotMatch(g.stdout, /red:/);
  });
  test('a small image is shown whole; a large one as its top-left 16×16 with a note', () => {
    const small = striate('pixels', fixturePath('gray8.png'));
    assert.match(small.stdout, /7×5 pixels/);
    assert.match(small.stdout, /region x=0, y=0, width=7, height=5: columns 0–6, rows 0–4\n/);
    assert.equal(matrixAfter(small.stdout, 'gray:').length, 5);
    if (sharedData) {
      const big = striate('pixels', join(sharedData, 'photos', 'moon.png'));
      assert.match(big.stdout, /width=16, height=16: columns 0–15, rows 0–15 \(the top-left 16×16 of the image; choose another with --region/);
      assert.equal(matrixAfter(big.stdout, 'gray:').length, 16);
    }
  });
  test('--channel gray on RGB uses PIL luma; alpha of a gray + alpha image', () => {
    const gray = striate('pixels', fixturePath('rgb8.png'), '--channel', 'gray');
    assert.match(gray.stdout, /gray \(ITU-R 601 luma/);
    const a = striate('pixels', fixturePath('gray-alpha8.png'), '--channel', 'a');
    assert.equal(a.code, 0, a.stderr);
    assert.equal(matrixAfter(a.stdout, 'alpha:').length, 5);
  });
  const oneLine = (r: { code: number; stderr: string }, pattern: RegExp): void => {
    assert.notEqual(r.code, 0);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, pattern);
  };
  test('region outside the image: one line with the numbers', () => {
    oneLine(striate('pixels', fixturePath('gray8.png'), '--region', '5,3,4,2'),
      /gray8\.png: --region: region x=5, y=3, width=4, height=2 \(columns 5–8, rows 3–4\) is not inside the 7×5 image \(columns 0–6, rows 0–4\)/);
  });
  test('malformed region, unknown channel, missing channel, missing file', () => {
    oneLine(striate('pixels', fixturePath('gray8.png'), '--region', '1,2,3'), /--region must be x,y,width,height/);
    oneLine(striate('pixels', fixturePath('gray8.png'), '--channel', 'cyan'), /--channel must be one of r, g, b, a, gray, got 'cyan'/);
    oneLine(striate('pixels', fixturePath('gray8.png'), '--channel', 'r'), /gray8\.png: has 1 channel \(gray\), no red channel/);
    oneLine(striate('pixels', join(repoRoot, 'nope.png')), /nope\.png: cannot read image \(no such file\)/);
  });
});
