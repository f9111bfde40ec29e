/**
 * onnxruntime-node peer (native CPU execution provider), intra-op threads = --threads, inter-op 1,
 * sequential execution, all graph optimisations. Inference only. Protocol: ./common.ts.
 * Run: node --import tsx bench/peers/ort-node.ts --task infer --threads 2
 */
import * as ort from 'onnxruntime-node';
import { parsePeerArgs, runPeer } from './common.js';
import { runOrt } from './ort-common.js';

const args = parsePeerArgs();
runPeer('ort-node', args.task, async () => ({
  version: ort.env.versions.node ?? ort.env.versions.common,
  threads: args.threads,
  ...(await runOrt(args, async (path) => {
    const session = await ort.InferenceSession.create(path, {
      executionProviders: ['cpu'], intraOpNumThreads: args.threads, interOpNumThreads: 1,
      executionMode: 'sequential', graphOptimizationLevel: 'all',
    });
    return async (data, n) => {
      const out = await session.run({ input: new ort.Tensor('float32', data, [n, 1, 28, 28]) });
      const logits = out['logits'];
      if (!logits) throw new Error('no "logits" output');
      return logits.data as Float32Array;
    };
  })),
}));
