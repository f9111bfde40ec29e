/**
 * The wasm worker pool: `threads - 1` workers, each with its own instance of the same compiled module
 * over the one shared memory, driven through a preallocated shared control block (protocol.ts). `run`
 * blocks the calling thread (`Atomics.wait`) until every part is done, because backend `run` is
 * synchronous; the calling thread runs part 0 itself, so `threads = 2` is this thread + 1 worker.
 *
 * Failure: an exception or trap in a worker's kernel is caught there, reported through the control
 * block and rethrown here after all parts have finished (never a hang). A worker that dies outside a
 * job (crash, `terminate`) marks the pool broken; the next `run` throws.
 */
import type { KernelCall } from '../exports.js';
import type { ControlViews } from './protocol.js';
import {
  DONE, ERR_LEN, MAX_ARGS, NARGS, OP, OP_EXIT, READY, SEQ, STATUS, STATUS_OK, controlLayout, controlViews, isWorkerReply,
  kernelOp, readError, word,
} from './protocol.js';
import type { PoolWorker } from './spawn.js';
import { spawnWorker, spawnWorkerSync } from './spawn.js';

export interface PoolOptions {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** Worker count (threads - 1); at least 1. */
  readonly workers: number;
  /** Override of the worker script's URL. */
  readonly workerUrl?: string | URL | undefined;
}

/** Waits for a worker's `ready` reply (or its failure to start). */
function whenReady(w: PoolWorker): Promise<void> {
  return new Promise((resolve, reject) => {
    w.onMessage((data) => {
      if (!isWorkerReply(data)) return;
      if (data.type === 'ready') resolve();
      else reject(new Error(`wasm worker pool: a worker failed to start: ${data.message}`));
    });
    w.onFailure((reason) => reject(new Error(`wasm worker pool: a worker failed to start (${reason})`)));
  });
}

export class WorkerPool {
  private broken: string | null = null;
  private closed = false;
  /** Jobs run so far that used at least one worker (for tests and measurements). */
  jobs = 0;

  private constructor(private readonly workers: readonly PoolWorker[], private readonly v: ControlViews) {
    workers.forEach((w, i) => w.onFailure((reason) => {
      if (!this.closed && this.broken === null) this.broken = `worker ${i + 1}: ${reason}`;
    }));
  }

  /** Starts the workers and resolves once every one has instantiated the module. */
  static async create(opts: PoolOptions): Promise<WorkerPool> {
    const n = opts.workers;
    if (!Number.isInteger(n) || n < 1) throw new Error(`wasm worker pool: need at least one worker, got ${n}`);
    const control = new SharedArrayBuffer(controlLayout(n).bytes);
    const url = opts.workerUrl === undefined ? undefined : new URL(opts.workerUrl);
    const started: PoolWorker[] = [];
    try {
      for (let slot = 0; slot < n; slot++) started.push(await spawnWorker(url));
      const ready = started.map(whenReady);
      started.forEach((w, slot) => w.post({ type: 'init', module: opts.module, memory: opts.memory, control, workers: n, slot }));
      await Promise.all(ready);
    } catch (e) {
      await Promise.allSettled(started.map((w) => w.terminate()));
      throw e;
    }
    for (const w of started) w.unref();
    return new WorkerPool(started, controlViews(control, n));
  }

  /**
   * Node only: starts the workers and blocks this thread (`Atomics.wait` on the READY counter) until
   * every one has instantiated the module, for at most `timeoutMs`; on failure or time-out the workers
   * are terminated and this throws (a worker that fails to start is noticed only by the time-out, since
   * its messages cannot arrive while this thread blocks). Used to create the default backend on first use.
   */
  static createSync(opts: PoolOptions, timeoutMs = 10_000): WorkerPool {
    const n = opts.workers;
    if (!Number.isInteger(n) || n < 1) throw new Error(`wasm worker pool: need at least one worker, got ${n}`);
    const control = new SharedArrayBuffer(controlLayout(n).bytes);
    const views = controlViews(control, n);
    const url = opts.workerUrl === undefined ? undefined : new URL(opts.workerUrl);
    const started: PoolWorker[] = [];
    try {
      for (let slot = 0; slot < n; slot++) {
        started.push(spawnWorkerSync(url));
      }
      started.forEach((w, slot) => w.post({ type: 'init', module: opts.module, memory: opts.memory, control, workers: n, slot }));
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const ready = Atomics.load(views.ints, READY);
        if (ready >= n) break;
        const left = deadline - performance.now();
        if (left <= 0) throw new Error(`wasm worker pool: ${n - ready} of ${n} workers not ready after ${timeoutMs} ms`);
        Atomics.wait(views.ints, READY, ready, left);
      }
    } catch (e) {
      for (const w of started) void w.terminate();
      throw e;
    }
    for (const w of started) w.unref();
    return new WorkerPool(started, views);
  }

  /** Threads a job can use: the workers plus the calling thread. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Runs `calls` (independent, writing disjoint memory): calls[1..workers] on the workers, calls[0] and
   * any beyond the worker count on this thread via `local`. Returns when all are done; rethrows the
   * first failure in part order.
   */
  run(calls: readonly KernelCall[], local: (call: KernelCall) => void): void {
    if (this.closed) throw new Error('wasm worker pool: already terminated');
    if (this.broken !== null) throw new Error(`wasm worker pool is broken (${this.broken})`);
    const [first, ...rest] = calls;
    if (first === undefined) return;
    const { ints, args } = this.v;
    // Worker s runs rest[s]; the calls beyond the worker count run here after `first`.
    const remote = rest.slice(0, this.workers.length);
    const here = rest.slice(this.workers.length);
    const used = remote.length;
    for (const c of calls) if (c.args.length > MAX_ARGS) throw new Error(`wasm worker pool: ${c.fn} has more than ${MAX_ARGS} arguments`);
    Atomics.store(ints, DONE, 0);
    if (used > 0) this.jobs++;
    remote.forEach((call, s) => {
      args.set(call.args, s * MAX_ARGS);
      ints[word(s, OP)] = kernelOp(call.fn);
      ints[word(s, NARGS)] = call.args.length;
      Atomics.add(ints, word(s, SEQ), 1);
      Atomics.notify(ints, word(s, SEQ), 1);
    });
    let localError: unknown = null;
    try {
      local(first);
      for (const call of here) local(call);
    } catch (e) {
      localError = e;
    }
    this.waitDone(used);
    if (localError !== null) throw localError;
    for (const [s, call] of remote.entries()) {
      if (ints[word(s, STATUS)] === STATUS_OK) continue;
      const text = readError(this.v, s, Atomics.load(ints, word(s, ERR_LEN)));
      throw new Error(`wasm worker ${s + 1} failed in ${call.fn}: ${text}`);
    }
  }

  private waitDone(count: number): void {
    const ints = this.v.ints;
    for (;;) {
      const done = Atomics.load(ints, DONE);
      if (done >= count) return;
      Atomics.wait(ints, DONE, done);
    }
  }

  /** Tells every worker to leave its loop, then terminates them. Idempotent. */
  async terminate(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ints = this.v.ints;
    this.workers.forEach((_, s) => {
      ints[word(s, OP)] = OP_EXIT;
      Atomics.add(ints, word(s, SEQ), 1);
      Atomics.notify(ints, word(s, SEQ), 1);
    });
    await Promise.allSettled(this.workers.map((w) => w.terminate()));
  }
}
