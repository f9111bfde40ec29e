/**
 * The page's dedicated module worker (bundled to trainer.js): owns the training loop, because the wasm
 * backend's worker pool blocks the calling thread in `Atomics.wait`, which a page's main thread may
 * not do. Here `threads: 2` means this worker plus one nested pool worker (pool-worker.js, the bundled
 * src/backend/wasm/pool/worker.ts). The bundle moved the modules, so the .wasm and the pool worker are
 * passed by URL (`wasmUrl`, `workerUrl`), as src/backend/wasm/README.md says for bundlers.
 */
import { getBackend } from '../../../src/engine/registry.js';
import { initWasmBackend, probeFeatures } from '../../../src/backend/wasm/index.js';
import type { TrainerFailure, TrainerReport } from './result.js';
import { TRAIN_CONFIG, trainLectureCnn } from './train-core.js';

async function main(): Promise<TrainerReport> {
  // The relaxed (FMA) build where the engine has relaxed SIMD, as build 'auto' would pick; the explicit
  // URL must name the same build.
  const build = probeFeatures().relaxedSimd ? 'relaxed' : 'simd';
  const backend = await initWasmBackend({
    threads: 2,
    build,
    wasmUrl: new URL(`./wasm/striate-${build}.wasm`, import.meta.url),
    workerUrl: new URL('./pool-worker.js', import.meta.url),
  });
  const run = await trainLectureCnn(TRAIN_CONFIG);
  const report: TrainerReport = {
    ok: true,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    backend: getBackend().name,
    build: backend.build,
    threads: backend.threads,
    parallelJobs: backend.parallelJobs,
    hardwareConcurrency: navigator.hardwareConcurrency,
    losses: run.losses,
    stepMs: run.stepMs,
  };
  await backend.terminate();
  return report;
}

main().then(
  (report) => globalThis.postMessage(report),
  (e: unknown) => {
    const failure: TrainerFailure = { ok: false, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) };
    globalThis.postMessage(failure);
  },
);
