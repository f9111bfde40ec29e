/**
 * TensorFlow.js peer on its `cpu` backend (plain JavaScript kernels, single-threaded; @tensorflow/tfjs-node
 * cannot be installed here). Protocol: ./common.ts. Run: node --import tsx bench/peers/tfjs-cpu.ts --task train
 */
import { parsePeerArgs, runPeer } from './common.js';
import { runTfjs, tf } from './tfjs-common.js';

const args = parsePeerArgs();
runPeer('tfjs-cpu', args.task, async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  return { version: tf.version.tfjs, backend: tf.getBackend(), threads: 1, ...(await runTfjs(args)) };
});
