/**
 * The backend configurations that every backend-parametrised test runs on, and the one helper that runs
 * a block of tests on each. One list, used by the conformance suite (test/conformance), the op-semantics
 * tests (test/ops) and the PyTorch golden fixtures (test/golden):
 *
 * - `reference`: the TypeScript kernels, the definition of every primitive (the only one with float64);
 * - `wasm-simd-1t`, `wasm-relaxed-1t`: the SIMD128 build and the relaxed-SIMD (FMA) build, one thread;
 * - `wasm-simd-2t`, `wasm-relaxed-2t`: the same builds on two threads (this thread and one pool worker)
 *   with `minWorkPerPart: 1`, so every matmul, conv and pooling call with more than one unit of work is
 *   split and partly computed on the worker, even on the tests' small shapes.
 *
 * Each configuration is created once per test process, on first use. The wasm backends are all named
 * 'wasm': a block registers its configuration under that name for its tests and restores the previous
 * current backend afterwards, so tensors must be made inside tests (never at module level).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Backend } from '../../src/engine/backend.js';
import { getBackend, hasCurrentBackend, registerBackend, setBackend } from '../../src/engine/registry.js';
import { ReferenceBackend } from '../../src/backend/reference/index.js';
import { createWasmBackend, enableRelaxedSimd } from '../../src/backend/wasm/index.js';
import type { WasmBuild } from '../../src/backend/wasm/index.js';

/**
 * Relaxed SIMD must be switched on (Node 20: a V8 flag) before any wasm module is compiled in this
 * process, so it is done when this module loads, before any test creates a backend.
 */
export const RELAXED_SIMD_ENABLED = await enableRelaxedSimd();

export interface BackendConfig {
  /** Names the configuration in test titles: reference, wasm-simd-1t, …, wasm-relaxed-2t. */
  readonly id: string;
  readonly build: 'reference' | WasmBuild;
  readonly threads: number;
  /** Whether calls are split across threads down to one unit of work (`minWorkPerPart: 1`). */
  readonly forcedSplits: boolean;
}

/** Every configuration, the reference first (the others are compared with it). */
export const BACKEND_CONFIGS: readonly BackendConfig[] = [
  { id: 'reference', build: 'reference', threads: 1, forcedSplits: false },
  { id: 'wasm-simd-1t', build: 'simd', threads: 1, forcedSplits: false },
  { id: 'wasm-relaxed-1t', build: 'relaxed', threads: 1, forcedSplits: false },
  { id: 'wasm-simd-2t', build: 'simd', threads: 2, forcedSplits: true },
  { id: 'wasm-relaxed-2t', build: 'relaxed', threads: 2, forcedSplits: true },
];

export const REFERENCE_CONFIG: BackendConfig = BACKEND_CONFIGS[0]!;

/** A configuration's backend, with the number of calls so far that its worker pool ran split (0 without one). */
export interface ConfiguredBackend {
  readonly config: BackendConfig;
  readonly backend: Backend;
  parallelJobs(): number;
}

const made = new Map<string, Promise<ConfiguredBackend>>();

async function create(config: BackendConfig): Promise<ConfiguredBackend> {
  if (config.build === 'reference') return { config, backend: new ReferenceBackend(), parallelJobs: () => 0 };
  if (config.build === 'relaxed') assert.equal(RELAXED_SIMD_ENABLED, true, 'relaxed SIMD should be available after enableRelaxedSimd()');
  const wasm = await createWasmBackend({ build: config.build, threads: config.threads, ...(config.forcedSplits ? { minWorkPerPart: 1 } : {}) });
  assert.equal(wasm.build, config.build, `${config.id}: build`);
  assert.equal(wasm.threads, config.threads, `${config.id}: threads`);
  return { config, backend: wasm, parallelJobs: () => wasm.parallelJobs };
}

/** The configuration's backend, created on first use in this process. */
export function configuredBackend(config: BackendConfig): Promise<ConfiguredBackend> {
  let p = made.get(config.id);
  if (!p) {
    p = create(config);
    made.set(config.id, p);
  }
  return p;
}

/** Registers `backend` and makes it current; returns how to put the previous current backend back. */
export function selectBackend(backend: Backend): () => void {
  const previous = hasCurrentBackend() ? getBackend() : null;
  registerBackend(backend);
  setBackend(backend.name);
  return () => {
    if (!previous) return;
    registerBackend(previous);
    setBackend(previous.name);
  };
}

/** What a block's tests can read about the backend they run on (valid inside tests, after the block's `before`). */
export interface BackendContext {
  readonly config: BackendConfig;
  /** The configuration's backend (throws outside tests, before it is made). */
  backend(): ConfiguredBackend;
}

/**
 * Registers `body`'s tests once per configuration, in `describe('<title> on <id>')`, with that
 * configuration's backend current. Create tensors inside tests only.
 */
export function onEachBackend(title: string, body: (ctx: BackendContext) => void, configs: readonly BackendConfig[] = BACKEND_CONFIGS): void {
  for (const config of configs) {
    describe(`${title} on ${config.id}`, () => {
      let current: ConfiguredBackend | null = null;
      let restore: (() => void) | null = null;
      before(async () => {
        current = await configuredBackend(config);
        restore = selectBackend(current.backend);
      });
      after(() => restore?.());
      body({
        config,
        backend: () => {
          if (!current) throw new Error(`${config.id}: the backend is made in the block's before hook; use it inside tests`);
          return current;
        },
      });
    });
  }
}

/**
 * For a configuration with forced splits, a last test of the block: some of the block's calls really ran
 * split across the worker pool (call at the end of an `onEachBackend` body; a no-op elsewhere).
 */
export function testCallsWereSplit(ctx: BackendContext): void {
  if (!ctx.config.forcedSplits) return;
  let start = 0;
  before(() => {
    start = ctx.backend().parallelJobs();
  });
  test('calls were split across the pool', () => {
    assert.ok(ctx.backend().parallelJobs() > start, `${ctx.config.id}: no call of this block was split across the pool`);
  });
}
