/**
 * Striate peer: the lecture CNN (src/vision/models/classification/lecture-cnn.ts), Adam 1e-3, cross-entropy,
 * on the backend named by --backend:
 *   reference  the plain TypeScript kernels (single-threaded);
 *   wasm       `await initWasmBackend({ threads })` from src/backend/wasm/index.ts, looked up at run time,
 *              so this file type-checks and runs before that backend lands (then it reports ok: false).
 * Protocol and tasks: see ./common.ts. Run: node --import tsx bench/peers/striate.ts --task train --backend reference
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manualSeed } from '../../src/tensor/random.js';
import { fromTypedArray } from '../../src/tensor/tensor.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { randn } from '../../src/tensor/creation-random.js';
import { noGrad } from '../../src/tensor/autograd/node.js';
import { getBackend, listBackends, registerBackend, setBackend } from '../../src/engine/registry.js';
import type { Backend } from '../../src/engine/backend.js';
import { FashionMNIST } from '../../src/data/mnist.js';
import { DataLoader } from '../../src/data/dataloader.js';
import type { Batch } from '../../src/data/dataloader.js';
import { LectureCNN } from '../../src/vision/models/classification/lecture-cnn.js';
import { Adam, cosineDecay } from '../../src/optim/index.js';
import { normalize } from '../../src/data/transforms.js';
import { pixelStats } from '../../src/data/pixel-stats.js';
import { crossEntropy } from '../../src/nn/losses.js';
import { matmul } from '../../src/tensor/ops/linalg.js';
import { conv2d } from '../../src/tensor/ops/conv.js';
import { evaluateBatches } from '../../src/train/fit.js';
import { CONV_SHAPE, FLOPS, gatherImages, loadFashionMnist, medianLatency, parsePeerArgs, runPeer, timeLoop } from './common.js';
import { installBuiltinBackends } from '../../src/backend/builtin.js';

installBuiltinBackends();

const args = parsePeerArgs();
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function isBackend(v: unknown): v is Backend {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o['name'] === 'string' && typeof o['run'] === 'function' && typeof o['fromArray'] === 'function';
}

/** Makes `name` the current backend; returns why not when it cannot. */
async function selectBackend(name: string, threads: number): Promise<string | null> {
  if (name === 'reference') {
    setBackend('reference');
    return threads === 1 ? null : 'the reference backend is single-threaded';
  }
  if (name !== 'wasm') return `unknown backend '${name}'`;
  const entry = new URL('../../src/backend/wasm/index.ts', import.meta.url);
  if (!existsSync(fileURLToPath(entry))) return 'wasm backend not built yet (src/backend/wasm/index.ts does not exist)';
  const mod: unknown = await import(entry.href);
  const init = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>)['initWasmBackend'] : undefined;
  if (typeof init !== 'function') return 'wasm backend not ready (src/backend/wasm/index.ts exports no initWasmBackend)';
  // As the striate command does: relaxed SIMD (FMA) where the engine has it behind a flag (Node 20);
  // STRIATE_WASM_BUILD=simd measures the plain SIMD128 build that library users get on Node 20 by default.
  const enable = typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>)['enableRelaxedSimd'] : undefined;
  if (typeof enable === 'function' && process.env['STRIATE_WASM_BUILD'] !== 'simd') await Reflect.apply(enable, mod, []);
  const made: unknown = await Reflect.apply(init, mod, [{ threads }]);
  if (isBackend(made) && !listBackends().includes(made.name)) registerBackend(made);
  if (getBackend().name !== 'wasm') {
    if (!listBackends().includes('wasm')) return `initWasmBackend registered no 'wasm' backend (have: ${listBackends().join(', ')})`;
    setBackend('wasm');
  }
  return null;
}

function testBatch(n: number): Tensor {
  const split = loadFashionMnist(args.data, false);
  const idx = Array.from({ length: n }, (_, i) => i);
  return fromTypedArray(gatherImages(split, idx, new Float32Array(n * 784)), [n, 1, 28, 28]);
}

/** Endless shuffled batches of 64 (a fresh epoch when one runs out). */
function batches(dataset: FashionMNIST): () => Batch {
  const loader = new DataLoader(dataset, { batchSize: 64, shuffle: true, dropLast: true });
  let it = loader[Symbol.iterator]();
  return () => {
    let r = it.next();
    if (r.done) {
      it = loader[Symbol.iterator]();
      r = it.next();
    }
    return r.value as Batch;
  };
}

async function main(): Promise<Record<string, unknown>> {
  const why = await selectBackend(args.backend, args.threads);
  const base = { version: packageJson.version, backend: args.backend, threads: args.threads };
  if (why !== null) return { ...base, ok: false, reason: why };
  manualSeed(0);
  const model = new LectureCNN();

  switch (args.task) {
    case 'probe':
      return { ...base, ok: true, backend_in_use: getBackend().name, build: Reflect.get(getBackend(), 'build') ?? null };

    case 'train': {
      const next = batches(new FashionMNIST({ root: args.data, train: true }));
      const opt = new Adam(model.parameters(), { lr: 1e-3 });
      let last = Number.NaN;
      const step = (): void => {
        const { x, y } = next();
        const loss = crossEntropy(model.call(x), y);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        last = loss.item();
      };
      for (let i = 0; i < args.warmup; i++) step();
      const r = await timeLoop(step, args.seconds, args.minIters);
      return { ...base, ok: true, images_per_second: (r.iters * 64) / r.seconds, steps: r.iters, seconds: r.seconds, loss: last };
    }

    case 'infer': {
      model.eval();
      const x64 = testBatch(64);
      const x1 = x64.slice([0, 0, 0, 0], [1, 1, 28, 28]).detach();
      const fwd = (x: Tensor): void => void noGrad(() => model.call(x).dataSync());
      fwd(x64);
      const r = await timeLoop(() => fwd(x64), args.seconds, args.minIters);
      for (let i = 0; i < 5; i++) fwd(x1);
      const lat = await medianLatency(() => fwd(x1), args.latencyCalls, args.seconds);
      return { ...base, ok: true, batch_images_per_second: (r.iters * 64) / r.seconds, latency_ms: lat.ms, latency_calls: lat.calls };
    }

    case 'kernels': {
      const a = randn([1024, 1024]);
      const b = randn([1024, 1024]);
      const { n, cin, h, w, cout, k } = CONV_SHAPE;
      const x = randn([n, cin, h, w]);
      const wt = randn([cout, cin, k, k]);
      const gemm = (): void => void matmul(a, b).dataSync();
      const conv = (): void => void conv2d(x, wt).dataSync();
      gemm();
      const g = await timeLoop(gemm, args.seconds / 2, Math.min(args.minIters, 2));
      conv();
      const c = await timeLoop(conv, args.seconds / 2, args.minIters);
      return { ...base, ok: true, gemm_gflops: (FLOPS.gemm * g.iters) / g.seconds / 1e9, conv_gflops: (FLOPS.conv * c.iters) / c.seconds / 1e9 };
    }

    case 'epochs': {
      const t0 = performance.now();
      const train = new FashionMNIST({ root: args.data, train: true });
      const test = new FashionMNIST({ root: args.data, train: false });
      // `striate train`'s recipe: standardised inputs and a per-step cosine decay of the rate from 1e-3 to 0.
      const pre = pixelStats(train.images);
      const transform = normalize(pre.mean, pre.std);
      const loader = new DataLoader(train, { batchSize: 64, shuffle: true, transform });
      const opt = new Adam(model.parameters(), { lr: 1e-3 });
      const schedule = cosineDecay(1e-3, args.epochs * loader.length);
      let step = 0;
      const epochSeconds: number[] = [];
      for (let e = 0; e < args.epochs; e++) {
        const te = performance.now();
        let seen = 0;
        for (const { x, y } of loader) {
          opt.lr = schedule(step++);
          const loss = crossEntropy(model.call(x), y);
          opt.zeroGrad();
          loss.backward();
          opt.step();
          seen += x.shape[0]!;
          if (seen % (64 * 100) === 0) process.stderr.write(`striate epoch ${e + 1}: ${seen}/${train.length}\r`);
        }
        epochSeconds.push((performance.now() - te) / 1000);
        process.stderr.write(`striate epoch ${e + 1}/${args.epochs}: ${epochSeconds.at(-1)!.toFixed(1)} s\n`);
      }
      const ev = evaluateBatches(model, new DataLoader(test, { batchSize: 500, transform }), (o, t) => crossEntropy(o, t));
      return {
        ...base, ok: true, epochs: args.epochs, recipe: 'standardised inputs, cosine decay', normalize: [pre.mean, pre.std], epoch_seconds: epochSeconds, train_seconds: epochSeconds.reduce((s, v) => s + v, 0),
        wall_seconds: (performance.now() - t0) / 1000, test_accuracy: ev.accuracy, test_loss: ev.loss, date: new Date().toISOString(),
      };
    }
  }
}

runPeer('striate', args.task, main);
