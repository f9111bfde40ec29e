import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../helpers/paths.js';
import { encodePng } from '../../src/io/png.js';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { pixelStats } from '../../src/data/pixel-stats.js';
import { FashionMNIST } from '../../src/data/mnist.js';
import { loadCheckpoint } from '../../src/models/checkpoint.js';
import { readPng } from '../../src/io/png.js';
import { toModelInput } from '../../src/cli/predict.js';
import { noGrad } from '../../src/tensor/autograd/node.js';
import { softmax } from '../../src/tensor/ops/activation.js';

const bin = join(repoRoot, 'bin', 'striate.js');

function striate(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, timeout: 240_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A user-facing failure: non-zero exit, exactly one line on stderr, no stack trace. */
function assertOneLineError(r: { code: number; stderr: string }, pattern: RegExp): void {
  assert.notEqual(r.code, 0, 'exit code should be non-zero');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^striate: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

describe('striate summary', () => {
  test('lecture-cnn has 1,668,490 parameters', () => {
    const r = striate('summary', 'lecture-cnn');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Total params: 1,668,490/);
    assert.match(r.stdout, /\[-1, 32, 26, 26\]/);
    assert.match(r.stdout, /\[-1, 1600\]/);
  });
  test("the lecture's ten 5×5 filters with padding 2 on 32×32×3 have 760 parameters", () => {
    const r = striate('summary', 'lecture-conv5x5');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Total params: 760\b/);
    assert.match(r.stdout, /\[-1, 10, 32, 32\]/);
  });
  test('lecture CNN on 32×32×3 flattens to 64·6·6 = 2,304', () => {
    const r = striate('summary', 'lecture-cnn', '--input-shape', '3,32,32');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\[-1, 2304\]/);
  });
  test('no name lists the models', () => {
    const r = striate('summary');
    assert.match(r.stdout, /lecture-cnn/);
  });
  test('unknown model is a one-line error', () => {
    assertOneLineError(striate('summary', 'resnet-9000'), /unknown model 'resnet-9000'/);
  });
});

describe('bad input gives one line and a non-zero exit', () => {
  test('unknown flag', () => assertOneLineError(striate('train', '--bogus'), /unknown option '--bogus'/));
  test('unknown command', () => assertOneLineError(striate('trian'), /unknown command 'trian'/));
  test('bad number', () => assertOneLineError(striate('train', '--epochs', 'many'), /--epochs must be an integer/));
  test('unknown schedule', () => assertOneLineError(striate('train', '--schedule', 'onecycle', '--train-limit', '8'), /--schedule must be one of cosine, constant, got 'onecycle'/));
  test('unknown optimizer', () => assertOneLineError(striate('train', '--optimizer', 'adagrad', '--train-limit', '8'), /--optimizer must be one of/));
  test('missing data directory', () => assertOneLineError(striate('train', '--data', '/nonexistent/fmnist'), /does not exist/));
  test('corrupt gzip IDX names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'striate-corrupt-'));
    const shipped = join(repoRoot, 'data', 'fashion-mnist-mini');
    for (const f of ['train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) copyFileSync(join(shipped, f), join(dir, f));
    const good = readFileSync(join(shipped, 'train-images-idx3-ubyte.gz'));
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), good.subarray(0, 5000));
    assertOneLineError(striate('train', '--data', dir), /train-images-idx3-ubyte\.gz/);
  });
  test('truncated IDX names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'striate-trunc-'));
    const shipped = join(repoRoot, 'data', 'fashion-mnist-mini');
    for (const f of ['train-images-idx3-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) copyFileSync(join(shipped, f), join(dir, f));
    const header = Buffer.from([0, 0, 8, 1, 0, 0, 0x17, 0x70]); // 6000 labels promised, 3 given
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(Buffer.concat([header, Buffer.from([1, 2, 3])])));
    assertOneLineError(striate('train', '--data', dir), /train-labels-idx1-ubyte\.gz/);
  });
  test('unknown backend', () => assertOneLineError(striate('train', '--backend', 'tpu'), /--backend must be one of reference, wasm/));
  test('threads on the reference backend', () => assertOneLineError(striate('train', '--backend', 'reference', '--threads', '2'), /reference backend runs on one thread/));
  test('eval of a missing checkpoint', () => assertOneLineError(striate('eval', '--checkpoint', '/nonexistent/ckpt'), /does not exist/));
});

describe('train → eval → predict on the shipped subset', () => {
  const out = mkdtempSync(join(tmpdir(), 'striate-run-'));
  let trainResult: Record<string, unknown>;
  before(() => {
    const r = striate('train', '--epochs', '1', '--train-limit', '512', '--test-limit', '200', '--batch-size', '32', '--out', out, '--json');
    assert.equal(r.code, 0, r.stderr);
    const last = r.stdout.trim().split('\n').at(-1)!;
    trainResult = JSON.parse(last) as Record<string, unknown>;
  });
  test('--json prints test_accuracy, epochs and train_images_per_second', () => {
    assert.equal(typeof trainResult['test_accuracy'], 'number');
    assert.ok((trainResult['test_accuracy'] as number) > 0.3, `accuracy after 16 steps: ${String(trainResult['test_accuracy'])}`);
    assert.equal(trainResult['epochs'], 1);
    assert.ok((trainResult['train_images_per_second'] as number) > 0);
  });
  test('eval reads the checkpoint', () => {
    const r = striate('eval', '--checkpoint', join(out, 'checkpoint'), '--json');
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { test_accuracy: number; confusion_matrix: number[][] };
    assert.ok(res.test_accuracy > 0.3);
    assert.equal(res.confusion_matrix.length, 10);
  });
  test('predict prints the top 5 classes with probabilities', () => {
    const r = striate('predict', '--checkpoint', join(out, 'checkpoint'), join(repoRoot, 'examples', 'trouser.png'));
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 5);
    const probs = lines.map((l) => Number(l.trim().split(/\s+/).at(-1)));
    assert.ok(probs.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p <= probs[i - 1]!)), r.stdout);
    assert.match(lines[0]!, /^Trouser\s/);
  });
  test('the checkpoint records the input standardisation and the cosine schedule ran', () => {
    const config = JSON.parse(readFileSync(join(out, 'checkpoint', 'config.json'), 'utf8')) as { preprocessing?: unknown };
    const stats = pixelStats(FashionMNIST.shipped({ train: true }).images.subarray(0, 512 * 784));
    const expected = { mean: [stats.mean], std: [stats.std] }; // one entry per input channel
    assert.deepEqual(config.preprocessing, expected);
    assert.deepEqual(trainResult['preprocessing'], expected);
    assert.equal(trainResult['schedule'], 'cosine');
    const lr = (JSON.parse(readFileSync(join(out, 'checkpoint', 'metrics.json'), 'utf8')) as { lr: number }).lr;
    assert.ok(lr > 0 && lr < 1e-5, `the last step's rate ${lr} is near the end of the cosine`);
  });
  test('predict standardises the image as the checkpoint says', async () => {
    const r = striate('predict', '--checkpoint', join(out, 'checkpoint'), join(repoRoot, 'examples', 'trouser.png'), '--json');
    assert.equal(r.code, 0, r.stderr);
    const top = (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { top: { index: number; probability: number }[] }).top;
    const ck = await loadCheckpoint(join(out, 'checkpoint'));
    const pre = ck.config.preprocessing!;
    const unit = toModelInput(readPng(join(repoRoot, 'examples', 'trouser.png')), 1, 'trouser.png');
    ck.model.eval();
    const probs = (x: Tensor): Float32Array => noGrad(() => softmax(ck.model.call(x), 1)).dataSync() as Float32Array;
    const standardised = probs(unit.sub(pre.mean[0]!).div(pre.std[0]!));
    for (const t of top) assert.ok(Math.abs(t.probability - standardised[t.index]!) < 1e-4, `class ${t.index}: ${t.probability} vs ${standardised[t.index]}`);
    const raw = probs(unit);
    assert.ok(top.some((t) => Math.abs(t.probability - raw[t.index]!) > 1e-3), 'without standardisation the probabilities differ');
  });
  test('--no-normalize trains on pixels / 255 and records no preprocessing', () => {
    const plain = mkdtempSync(join(tmpdir(), 'striate-plain-'));
    const r = striate('train', '--no-normalize', '--schedule', 'constant', '--epochs', '1', '--train-limit', '64', '--test-limit', '50', '--batch-size', '32', '--out', plain, '--json');
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { preprocessing: unknown; schedule: string };
    assert.equal(res.preprocessing, null);
    assert.equal(res.schedule, 'constant');
    const config = JSON.parse(readFileSync(join(plain, 'checkpoint', 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.equal('preprocessing' in config, false);
    const lr = (JSON.parse(readFileSync(join(plain, 'checkpoint', 'metrics.json'), 'utf8')) as { lr: number }).lr;
    assert.equal(lr, 1e-3);
  });
  test('predict: wrong image size', () => {
    const img = join(out, 'big.png');
    writeFileSync(img, encodePng(fromTypedArray(new Uint8Array(30 * 30), [30, 30], 'uint8')));
    assertOneLineError(striate('predict', '--checkpoint', join(out, 'checkpoint'), img), /30×30 pixels, the model expects 28×28/);
  });
  test('predict: missing image file', () => {
    assertOneLineError(striate('predict', '--checkpoint', join(out, 'checkpoint'), join(out, 'nope.png')), /nope\.png/);
  });
  test('predict: not a PNG', () => {
    const bad = join(out, 'bad.png');
    mkdirSync(out, { recursive: true });
    writeFileSync(bad, 'definitely not a png');
    assertOneLineError(striate('predict', '--checkpoint', join(out, 'checkpoint'), bad), /bad\.png: not a valid PNG/);
  });
});

describe('the wasm backend from the command line', () => {
  test('train --backend wasm --threads 2 trains and says which build and how many threads', () => {
    const out = mkdtempSync(join(tmpdir(), 'striate-wasm-'));
    const r = striate('train', '--backend', 'wasm', '--threads', '2', '--epochs', '1', '--train-limit', '256', '--test-limit', '100', '--batch-size', '32', '--out', out, '--json');
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { backend: string; test_accuracy: number };
    assert.match(res.backend, /^wasm \(relaxed, 2 threads\)$/, "the CLI enables relaxed SIMD on Node 20");
    assert.ok(res.test_accuracy > 0.2, `accuracy ${res.test_accuracy}`);
    const p = striate('predict', '--backend', 'wasm', '--checkpoint', join(out, 'checkpoint'), join(repoRoot, 'examples', 'trouser.png'));
    assert.equal(p.code, 0, p.stderr);
    assert.equal(p.stdout.trim().split('\n').length, 5);
  });
});

test('a reader that closes the pipe early (`striate pixels … | head -1`) ends the command quietly', () => {
  // 300×300 values (~360 KB) overflow the pipe's buffer long after `head` has exited: EPIPE for sure.
  const dir = mkdtempSync(join(tmpdir(), 'striate-pipe-'));
  const png = join(dir, 'big.png');
  writeFileSync(png, encodePng(fromTypedArray(new Uint8Array(300 * 300).map((_, i) => i % 251), [300, 300, 1], 'uint8')));
  const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${bin}" pixels "${png}" --region 0,0,300,300 | head -1`], {
    encoding: 'utf8', cwd: repoRoot, timeout: 60_000,
  });
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /, `stderr:\n${r.stderr}`);
});
