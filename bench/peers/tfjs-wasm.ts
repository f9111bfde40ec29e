/**
 * TensorFlow.js peer on @tensorflow/tfjs-backend-wasm (XNNPACK; single-threaded in Node). Stock tfjs-wasm
 * registers no Conv2DBackpropFilter kernel, so a CNN cannot be trained on it: the train task runs one real
 * step and reports "cannot train" with the error when that is what happens (no shim is installed).
 * Protocol: ./common.ts. Run: node --import tsx bench/peers/tfjs-wasm.ts --task infer
 */
import { parsePeerArgs, runPeer } from './common.js';
import { runTfjs, tf } from './tfjs-common.js';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';

const args = parsePeerArgs();
runPeer('tfjs-wasm', args.task, async () => {
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const base = { version: version_wasm, backend: tf.getBackend(), threads: 1, simd, multithread_support: threaded };
  try {
    return { ...base, ...(await runTfjs(args)) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (args.task === 'train' && /Conv2DBackpropFilter/.test(msg))
      return { ...base, ok: false, cannot: true, reason: 'cannot train (no Conv2DBackpropFilter kernel)', error: msg };
    throw e;
  }
});
