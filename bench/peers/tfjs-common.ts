/**
 * The lecture CNN in TensorFlow.js (layers API, NHWC), shared by ./tfjs-cpu.ts and ./tfjs-wasm.ts: the
 * caller picks the backend, then `runTfjs` does the task (protocol: ./common.ts). Adam 1e-3, softmax
 * cross-entropy on logits, batch 64, uint8 images converted per batch.
 */
import * as tf from '@tensorflow/tfjs';
import {
  CONV_SHAPE, FLOPS, gatherImages, loadFashionMnist, medianLatency, permutation, randomArray, timeLoop,
} from './common.js';
import type { PeerArgs } from './common.js';

function lectureCnn(): tf.Sequential {
  let seed = 0;
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: ++seed });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: init() }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1024, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: 10, kernelInitializer: init() }),
    ],
  });
}

function asTensor(v: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[]): tf.Tensor {
  if (v instanceof tf.Tensor) return v;
  throw new Error('expected one output tensor');
}

export async function runTfjs(args: PeerArgs): Promise<Record<string, unknown>> {
  const model = lectureCnn();
  switch (args.task) {
    case 'probe':
      return { ok: true };

    case 'train': {
      const train = loadFashionMnist(args.data, true);
      const perm = permutation(train.n);
      const perEpoch = Math.floor(train.n / 64);
      const opt = tf.train.adam(1e-3);
      const buf = new Float32Array(64 * 784);
      let last = Number.NaN;
      const step = (i: number): void => {
        const idx = perm.subarray((i % perEpoch) * 64, (i % perEpoch) * 64 + 64);
        const labels = Int32Array.from(idx, (j) => train.labels[j]!);
        const xs = tf.tensor4d(gatherImages(train, idx, buf), [64, 28, 28, 1]);
        const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
        const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, asTensor(model.apply(xs, { training: true }))), true);
        if (loss === null) throw new Error('minimize returned no loss');
        last = loss.dataSync()[0]!;
        tf.dispose([xs, ys, loss]);
      };
      for (let i = 0; i < args.warmup; i++) step(i);
      const r = await timeLoop((i) => step(i + args.warmup), args.seconds, args.minIters);
      return { ok: true, images_per_second: (r.iters * 64) / r.seconds, steps: r.iters, seconds: r.seconds, loss: last };
    }

    case 'infer': {
      const test = loadFashionMnist(args.data, false);
      const idx = Array.from({ length: 64 }, (_, i) => i);
      const x64 = tf.tensor4d(gatherImages(test, idx, new Float32Array(64 * 784)), [64, 28, 28, 1]);
      const x1 = x64.slice([0, 0, 0, 0], [1, 28, 28, 1]);
      const fwd = (x: tf.Tensor4D): void => {
        const y = asTensor(model.predict(x));
        y.dataSync();
        y.dispose();
      };
      fwd(x64);
      const r = await timeLoop(() => fwd(x64), args.seconds, args.minIters);
      for (let i = 0; i < 5; i++) fwd(x1);
      const lat = await medianLatency(() => fwd(x1), args.latencyCalls, args.seconds);
      return { ok: true, batch_images_per_second: (r.iters * 64) / r.seconds, latency_ms: lat.ms, latency_calls: lat.calls };
    }

    case 'kernels': {
      const a = tf.tensor2d(randomArray(1024 * 1024, 1), [1024, 1024]);
      const b = tf.tensor2d(randomArray(1024 * 1024, 2), [1024, 1024]);
      const { n, cin, h, w, cout, k } = CONV_SHAPE;
      const x = tf.tensor4d(randomArray(n * h * w * cin, 3), [n, h, w, cin]);
      const f = tf.tensor4d(randomArray(k * k * cin * cout, 4), [k, k, cin, cout]);
      const run = (make: () => tf.Tensor): void => {
        const t = make();
        t.dataSync();
        t.dispose();
      };
      const gemm = (): void => run(() => tf.matMul(a, b));
      const conv = (): void => run(() => tf.conv2d(x, f, 1, 'valid'));
      gemm();
      const g = await timeLoop(gemm, args.seconds / 2, Math.min(args.minIters, 2));
      conv();
      const c = await timeLoop(conv, args.seconds / 2, args.minIters);
      return { ok: true, gemm_gflops: (FLOPS.gemm * g.iters) / g.seconds / 1e9, conv_gflops: (FLOPS.conv * c.iters) / c.seconds / 1e9 };
    }

    case 'epochs':
      return { ok: false, reason: 'not measured (the 5-epoch stage runs PyTorch and Striate)' };
  }
}

export { tf };
