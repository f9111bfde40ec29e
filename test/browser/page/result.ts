/**
 * What the page reports (window.__striateResult and the JSON in <pre id="result">), and a checked parse
 * of it for the test (page.evaluate hands back untyped data).
 */

/** The trainer worker's report. */
export interface TrainerReport {
  ok: true;
  /** `crossOriginIsolated` inside the dedicated worker. */
  crossOriginIsolated: boolean;
  /** `getBackend().name` while training. */
  backend: string;
  /** The wasm module that ran: 'simd' or 'relaxed'. */
  build: string;
  /** `backend.threads` during training: this worker plus the pool's workers. */
  threads: number;
  /** Kernel calls that ran split across the pool. */
  parallelJobs: number;
  hardwareConcurrency: number;
  losses: number[];
  stepMs: number[];
}

export interface TrainerFailure {
  ok: false;
  error: string;
}

/** What the page publishes once the trainer has answered (or failed). */
export type PageResult = (TrainerReport | TrainerFailure) & {
  /** `crossOriginIsolated` on the page's main thread. */
  pageCrossOriginIsolated: boolean;
};

function field(o: object, key: string): unknown {
  return Reflect.get(o, key);
}

function num(o: object, key: string): number {
  const v = field(o, key);
  if (typeof v !== 'number') throw new Error(`page result: ${key} is not a number: ${JSON.stringify(v)}`);
  return v;
}

function bool(o: object, key: string): boolean {
  const v = field(o, key);
  if (typeof v !== 'boolean') throw new Error(`page result: ${key} is not a boolean: ${JSON.stringify(v)}`);
  return v;
}

function str(o: object, key: string): string {
  const v = field(o, key);
  if (typeof v !== 'string') throw new Error(`page result: ${key} is not a string: ${JSON.stringify(v)}`);
  return v;
}

function nums(o: object, key: string): number[] {
  const v = field(o, key);
  if (!Array.isArray(v) || !v.every((x): x is number => typeof x === 'number'))
    throw new Error(`page result: ${key} is not a number array: ${JSON.stringify(v)}`);
  return v;
}

/** Validates an untyped page result. */
export function parsePageResult(data: unknown): PageResult {
  if (typeof data !== 'object' || data === null) throw new Error(`page result: not an object: ${JSON.stringify(data)}`);
  const pageCrossOriginIsolated = bool(data, 'pageCrossOriginIsolated');
  if (!bool(data, 'ok')) return { ok: false, error: str(data, 'error'), pageCrossOriginIsolated };
  return {
    ok: true,
    pageCrossOriginIsolated,
    crossOriginIsolated: bool(data, 'crossOriginIsolated'),
    backend: str(data, 'backend'),
    build: str(data, 'build'),
    threads: num(data, 'threads'),
    parallelJobs: num(data, 'parallelJobs'),
    hardwareConcurrency: num(data, 'hardwareConcurrency'),
    losses: nums(data, 'losses'),
    stepMs: nums(data, 'stepMs'),
  };
}
