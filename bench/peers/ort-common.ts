/**
 * Shared by ./ort-node.ts and ./ort-web.ts: inference on the lecture CNN exported by scripts/export_onnx.py
 * (input "input" [batch, 1, 28, 28], output "logits"). ONNX Runtime's npm packages are inference-only, so
 * the train task reports "cannot train". Protocol: ./common.ts.
 */
import { existsSync } from 'node:fs';
import { CONV_SHAPE, gatherImages, loadFashionMnist, medianLatency, timeLoop } from './common.js';
import type { PeerArgs } from './common.js';

/** Runs the model on `n` images (float32, NCHW) and returns the logits (awaited, so the work is done). */
export type RunModel = (data: Float32Array, n: number) => Promise<ArrayLike<number>>;

export async function runOrt(args: PeerArgs, open: (path: string) => Promise<RunModel>): Promise<Record<string, unknown>> {
  switch (args.task) {
    case 'train':
      return { ok: false, cannot: true, reason: 'cannot train (inference-only runtime)' };
    case 'epochs':
      return { ok: false, cannot: true, reason: 'cannot train (inference-only runtime)' };
    case 'kernels':
      return { ok: false, reason: `n/a (no standalone sgemm/conv ${CONV_SHAPE.cin}→${CONV_SHAPE.cout} op without building a graph)` };
    case 'probe':
    case 'infer':
      break;
  }
  if (!existsSync(args.model)) throw new Error(`${args.model} does not exist (run /usr/bin/python3 scripts/export_onnx.py)`);
  const run = await open(args.model);
  if (args.task === 'probe') return { ok: true };
  const test = loadFashionMnist(args.data, false);
  const x64 = gatherImages(test, Array.from({ length: 64 }, (_, i) => i), new Float32Array(64 * 784));
  const x1 = x64.slice(0, 784);
  const out = await run(x64, 64);
  if (out.length !== 640) throw new Error(`expected 640 logits, got ${out.length}`);
  const r = await timeLoop(() => run(x64, 64), args.seconds, args.minIters);
  for (let i = 0; i < 5; i++) await run(x1, 1);
  const lat = await medianLatency(() => run(x1, 1), args.latencyCalls, args.seconds);
  return { ok: true, batch_images_per_second: (r.iters * 64) / r.seconds, latency_ms: lat.ms, latency_calls: lat.calls };
}
