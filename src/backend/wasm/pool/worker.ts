/**
 * Worker entry of the wasm worker pool (the same file for Node `worker_threads` and browser module
 * workers). It receives one `InitMessage` (the compiled module, the shared memory and the control
 * block), instantiates the module over that memory, replies `ready` and then serves jobs from its
 * control slot until told to exit: idle in `Atomics.wait`, never spinning. See protocol.ts.
 */
import { instantiate } from '../loader.js';
import { isNode } from '../probe.js';
import type { ControlViews, InitMessage, WorkerReply } from './protocol.js';
import {
  DONE, ERR_LEN, MAX_ARGS, NARGS, OP, OP_EXIT, READY, SEQ, STATUS, STATUS_ERROR, STATUS_OK, controlViews, isInitMessage,
  kernelNamesByOp, word, writeError,
} from './protocol.js';

type Fn = (...args: number[]) => unknown;

/** The kernels by OP (null where the module lacks one: a job naming it fails with a clear error). */
function kernelTable(exports: WebAssembly.Exports): (Fn | null)[] {
  return kernelNamesByOp().map((name) => {
    const f = exports[name];
    return typeof f === 'function' ? (...args: number[]): unknown => Reflect.apply(f, undefined, args) : null;
  });
}

function runOne(v: ControlViews, slot: number, fns: readonly (Fn | null)[], op: number): void {
  const fn = fns[op];
  if (!fn) throw new Error(`no kernel with op ${op} in this module`);
  const n = Math.min(Atomics.load(v.ints, word(slot, NARGS)), MAX_ARGS);
  fn(...v.args.subarray(slot * MAX_ARGS, slot * MAX_ARGS + n));
}

/** Serves jobs until OP_EXIT. Every job ends with STATUS written, then DONE incremented and notified. */
function serve(v: ControlViews, slot: number, fns: readonly (Fn | null)[]): void {
  const seqAt = word(slot, SEQ);
  // SEQ starts at 0 and only the main thread increments it. Starting from 0 (not from a load) matters:
  // the main thread may post the first job between our `ready` reply and this line.
  let seen = 0;
  for (;;) {
    Atomics.wait(v.ints, seqAt, seen);
    const seq = Atomics.load(v.ints, seqAt);
    if (seq === seen) continue;
    seen = seq;
    const op = Atomics.load(v.ints, word(slot, OP));
    if (op === OP_EXIT) return;
    try {
      runOne(v, slot, fns, op);
      v.ints[word(slot, STATUS)] = STATUS_OK;
    } catch (e) {
      const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      v.ints[word(slot, ERR_LEN)] = writeError(v, slot, text);
      v.ints[word(slot, STATUS)] = STATUS_ERROR;
    }
    Atomics.add(v.ints, DONE, 1);
    Atomics.notify(v.ints, DONE);
  }
}

async function start(msg: InitMessage, reply: (r: WorkerReply) => void): Promise<void> {
  const instance = await instantiate(msg.module, msg.memory);
  const fns = kernelTable(instance.exports);
  const views = controlViews(msg.control, msg.workers);
  reply({ type: 'ready' });
  Atomics.add(views.ints, READY, 1);
  Atomics.notify(views.ints, READY);
  serve(views, msg.slot, fns);
}

/** Wires the first message to `start`; any failure to start is posted back as `{ type: 'error' }`. */
function listen(on: (handler: (data: unknown) => void) => void, reply: (r: WorkerReply) => void, close: () => void): void {
  let started = false;
  on((data) => {
    if (started) return;
    started = true;
    if (!isInitMessage(data)) {
      reply({ type: 'error', message: 'wasm worker: the first message was not an init message' });
      return;
    }
    start(data, reply).then(close, (e: unknown) => {
      reply({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    });
  });
}

if (isNode()) {
  const { parentPort } = await import('node:worker_threads');
  if (!parentPort) throw new Error('wasm worker: must run as a worker thread');
  const port = parentPort;
  listen((h) => port.on('message', h), (r) => port.postMessage(r), () => port.close());
} else {
  listen(
    (h) => globalThis.addEventListener('message', (e: MessageEvent<unknown>) => h(e.data)),
    (r) => globalThis.postMessage(r),
    () => globalThis.close(),
  );
}
