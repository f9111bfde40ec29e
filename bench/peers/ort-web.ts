/**
 * onnxruntime-web peer, its WebAssembly execution provider running inside Node (ort.env.wasm.numThreads =
 * --threads; SIMD as the package detects it). Inference only. Protocol: ./common.ts.
 * Run: node --import tsx bench/peers/ort-web.ts --task infer --threads 1
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { parsePeerArgs, runPeer } from './common.js';
import { runOrt } from './ort-common.js';

const args = parsePeerArgs();
runPeer('ort-web', args.task, async () => {
  ort.env.wasm.numThreads = args.threads;
  ort.env.logLevel = 'error';
  return {
    version: ort.env.versions.web ?? ort.env.versions.common,
    threads: args.threads,
    ...(await runOrt(args, async (path) => {
      const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(path)), {
        executionProviders: ['wasm'], graphOptimizationLevel: 'all', executionMode: 'sequential',
      });
      return async (data, n) => {
        const out = await session.run({ input: new ort.Tensor('float32', data, [n, 1, 28, 28]) });
        const logits = out['logits'];
        if (!logits) throw new Error('no "logits" output');
        return logits.data as Float32Array;
      };
    })),
  };
});
