/** MNIST-family datasets: the real shared files, the shipped subset, where files are found, and downloads. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileDigests } from '../../src/data/checksum.js';
import { readIdx } from '../../src/data/idx.js';
import { FashionMNIST, MNIST } from '../../src/data/mnist.js';
import { FASHION_MNIST_SPEC } from '../../src/data/mnist-specs.js';
import { haveShared, repoRoot, sharedFashionDir, startLoopback, tempDir, withEnv, writeTinySplit } from './helpers.js';

const CONTENT_MD5: Record<string, string> = {
  'train-images-idx3-ubyte.gz': 'f4a8712d7a061bf5bd6d2ca38dc4d50a',
  'train-labels-idx1-ubyte.gz': '9018921c3c673c538a1fc5bad174d6f9',
  't10k-images-idx3-ubyte.gz': '8181f5470baa50b63fa0f6fddb340f0a',
  't10k-labels-idx1-ubyte.gz': '15d484375f8d13e6eb1aabb0c3f46965',
};

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const l of labels) counts[l] = counts[l]! + 1;
  return counts;
}

test('shared Fashion-MNIST files: decompressed MD5s match the published ones', { skip: !haveShared && 'no ../shared/data' }, async () => {
  for (const [name, md5] of Object.entries(CONTENT_MD5)) {
    const d = await fileDigests(join(sharedFashionDir, name));
    assert.equal(d.decompressed, md5, name);
  }
});

test('shared Fashion-MNIST files load with 60000 / 10000 samples', { skip: !haveShared && 'no ../shared/data' }, () => {
  const train = new FashionMNIST({ root: sharedFashionDir, train: true });
  const testSet = new FashionMNIST({ root: sharedFashionDir, train: false });
  assert.equal(train.length, 60000);
  assert.equal(testSet.length, 10000);
  assert.equal(train.images.length, 60000 * 784);
  assert.deepEqual(classCounts(train.labels), new Array(10).fill(6000));
  assert.deepEqual(classCounts(testSet.labels), new Array(10).fill(1000));
  assert.equal(train.origin, 'root');
  assert.ok(train.source.includes(sharedFashionDir));
  assert.deepEqual(train.classes, ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
  const s = train.get(0);
  assert.deepEqual(s.image.shape, [1, 28, 28]);
  assert.equal(s.image.dtype, 'uint8');
  assert.equal(s.label, train.labels[0]);
  assert.deepEqual(Array.from(s.image.dataView()), Array.from(train.images.subarray(0, 784)));
  assert.equal(train.labelsTensor().dtype, 'int32');
  assert.throws(() => train.get(60000), RangeError);
});

test('shipped subset: 6000 / 1000 class-balanced samples, under 5 MB', () => {
  const train = FashionMNIST.shipped({ train: true });
  const testSet = FashionMNIST.shipped({ train: false });
  assert.equal(train.length, 6000);
  assert.equal(testSet.length, 1000);
  assert.deepEqual(classCounts(train.labels), new Array(10).fill(600));
  assert.deepEqual(classCounts(testSet.labels), new Array(10).fill(100));
  assert.equal(train.origin, 'shipped');
  const dir = join(repoRoot, 'data', 'fashion-mnist-mini');
  const bytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  assert.ok(bytes < 5_000_000, `${bytes} bytes`);
});

test('shipped subset = the first 600 / 100 samples of each class of the full files', { skip: !haveShared && 'no ../shared/data' }, () => {
  for (const train of [true, false]) {
    const full = new FashionMNIST({ root: sharedFashionDir, train });
    const mini = FashionMNIST.shipped({ train });
    const per = train ? 600 : 100;
    const taken = new Array<number>(10).fill(0);
    let k = 0;
    for (let i = 0; i < full.length && k < mini.length; i++) {
      const l = full.labels[i]!;
      if (taken[l]! >= per) continue;
      taken[l] = taken[l]! + 1;
      assert.equal(mini.labels[k], l);
      assert.ok(Buffer.from(mini.images.subarray(k * 784, (k + 1) * 784)).equals(full.images.subarray(i * 784, (i + 1) * 784)), `row ${k}`);
      k++;
    }
    assert.equal(k, mini.length);
  }
});

test('resolution order: explicit root, then $STRIATE_DATA, then the system folder, then the cache', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const root = join(dir, 'root');
    const env = join(dir, 'env');
    const envFlat = join(dir, 'env-flat');
    const system = join(dir, 'system');
    const cache = join(dir, 'cache');
    writeTinySplit(root, 11);
    writeTinySplit(join(env, 'fashion-mnist'), 12);
    writeTinySplit(envFlat, 13);
    writeTinySplit(system, 14);
    writeTinySplit(cache, 15);
    const base = { systemDirs: [system], cacheDir: cache };
    await withEnv({ STRIATE_DATA: env }, () => {
      const a = new FashionMNIST({ ...base, root });
      assert.equal(a.length, 11);
      assert.equal(a.origin, 'root');
      const b = new FashionMNIST(base);
      assert.equal(b.length, 12);
      assert.equal(b.origin, 'env');
      assert.ok(b.source.includes(join(env, 'fashion-mnist')));
    });
    await withEnv({ STRIATE_DATA: envFlat }, () => assert.equal(new FashionMNIST(base).length, 13));
    await withEnv({ STRIATE_DATA: join(dir, 'empty') }, () => {
      const c = new FashionMNIST(base);
      assert.equal(c.length, 14);
      assert.equal(c.origin, 'system');
    });
    await withEnv({ STRIATE_DATA: undefined }, async () => {
      const d = new FashionMNIST({ systemDirs: [join(dir, 'nowhere')], cacheDir: cache });
      assert.equal(d.length, 15);
      assert.equal(d.origin, 'cache');
      // Found locally, `load` does not download.
      assert.equal((await FashionMNIST.load({ ...base, mirror: 'http://127.0.0.1:1/' })).length, 14);
      // An explicit root is authoritative: nothing else is searched.
      assert.throws(() => new FashionMNIST({ ...base, root: join(dir, 'nowhere') }), /training files not found; searched .*nowhere/);
      // The test split is resolved separately.
      assert.throws(() => new FashionMNIST({ ...base, train: false }), /test files not found/);
      await assert.rejects(FashionMNIST.load({ ...base, train: false, download: false }), /test files not found/);
    });
  } finally {
    cleanup();
  }
});

test('load downloads from the mirror into the cache, verifying MD5s, then reuses the cache', { skip: !haveShared && 'no ../shared/data' }, async () => {
  const files: Record<string, Uint8Array> = {};
  for (const f of [FASHION_MNIST_SPEC.test.images, FASHION_MNIST_SPEC.test.labels]) {
    files[`${f.name}.gz`] = readFileSync(join(sharedFashionDir, `${f.name}.gz`));
  }
  const server = await startLoopback(files);
  const { dir, cleanup } = tempDir();
  try {
    await withEnv({ STRIATE_DATA: undefined }, async () => {
      const cache = join(dir, 'cache');
      const opts = { train: false, cacheDir: cache, systemDirs: [], mirror: `${server.base}/files` };
      const ds = await FashionMNIST.load(opts);
      assert.equal(ds.length, 10000);
      assert.equal(ds.origin, 'download');
      assert.ok(ds.source.includes(server.base));
      assert.deepEqual(readdirSync(cache).sort(), ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']);
      assert.equal(server.requests.length, 2);
      const again = await FashionMNIST.load(opts);
      assert.equal(again.origin, 'cache');
      assert.equal(server.requests.length, 2);
      // A corrupted mirror is rejected and leaves nothing in the cache.
      const cache2 = join(dir, 'cache2');
      await assert.rejects(FashionMNIST.load({ ...opts, cacheDir: cache2, mirror: `${server.base}/corrupt/` }), /MD5 mismatch/);
      assert.deepEqual(readdirSync(cache2), []);
    });
  } finally {
    cleanup();
    await server.close();
  }
});

test('MNIST downloads are checked against the published MD5s', async () => {
  const { dir, cleanup } = tempDir();
  const fake = join(dir, 'fake');
  writeTinySplit(fake, 3);
  const server = await startLoopback({
    'train-images-idx3-ubyte.gz': readFileSync(join(fake, 'train-images-idx3-ubyte.gz')),
    'train-labels-idx1-ubyte.gz': readFileSync(join(fake, 'train-labels-idx1-ubyte.gz')),
  });
  try {
    await withEnv({ STRIATE_DATA: undefined }, async () => {
      const cache = join(dir, 'cache');
      await assert.rejects(
        MNIST.load({ cacheDir: cache, systemDirs: [], mirror: `${server.base}/files/` }),
        (e: Error) => /MD5 mismatch/.test(e.message) && e.message.includes('f68b3c2dcbeaaa9fbdd348bbdeb94873'),
      );
      assert.deepEqual(readdirSync(cache), []);
      // Local files are trusted as found (no checksum), e.g. via root.
      const ds = new MNIST({ root: fake });
      assert.equal(ds.length, 3);
      assert.equal(ds.classes.length, 10);
    });
  } finally {
    cleanup();
    await server.close();
  }
});

test('datasets reject files of the wrong shape, naming them', () => {
  const { dir, cleanup } = tempDir();
  try {
    writeTinySplit(dir, 4);
    const p = join(dir, 'train-labels-idx1-ubyte.gz');
    const labels = readIdx(p);
    assert.equal(labels.shape[0], 4);
    writeTinySplit(join(dir, 'other'), 5);
    const files = { images: join(dir, 'train-images-idx3-ubyte.gz'), labels: join(dir, 'other', 'train-labels-idx1-ubyte.gz') };
    assert.throws(() => new FashionMNIST({ files: { ...files, origin: 'root', source: 'test' } }), /holds 4 images but .* 5 labels/);
  } finally {
    cleanup();
  }
});
