/**
 * The control block shared by the main thread and the pool's workers (one `SharedArrayBuffer`, made
 * once per pool and reused by every job; nothing is posted per job).
 *
 * Layout (byte offsets from `controlLayout(workers)`):
 *   - i32 words: [DONE, READY, 0, 0] then one slot of SLOT_WORDS words per worker:
 *     [SEQ, OP, NARGS, STATUS, ERR_LEN, 0, 0, 0]
 *   - f64 arguments: MAX_ARGS per worker (kernel arguments are i32 pointers/sizes or an f32 scalar,
 *     all exact in a double);
 *   - u16 error text: ERR_CHARS UTF-16 code units per worker.
 *
 * A job: the main thread writes OP/NARGS/arguments into a worker's slot, then `Atomics.add(SEQ, 1)` +
 * `Atomics.notify(SEQ)`. The worker (idle in `Atomics.wait(SEQ)`) runs the kernel, writes STATUS (and
 * the error text on failure), then `Atomics.add(DONE, 1)` + `Atomics.notify(DONE)`. The main thread
 * runs its own part meanwhile and then waits on DONE until every worker of the job has reported.
 */
import type { ExportName } from '../exports.js';
import { EXPORT_NAMES } from '../exports.js';

/** Index of the per-job completion counter. */
export const DONE = 0;
/** Index of the count of workers that have instantiated the module (for a synchronous start). */
export const READY = 1;
/** i32 words before the first worker slot. */
const HEADER_WORDS = 4;
/** i32 words per worker slot (32 bytes). */
const SLOT_WORDS = 8;
export const SEQ = 0;
export const OP = 1;
export const NARGS = 2;
export const STATUS = 3;
export const ERR_LEN = 4;

/** OP value that tells a worker to leave its loop. Kernel OPs are indices >= 0 in EXPORT_NAMES. */
export const OP_EXIT = -1;
export const STATUS_OK = 0;
export const STATUS_ERROR = 1;

/** Most arguments of any export (gemm_strided_f32 takes 15). */
export const MAX_ARGS = 16;
/** Error text kept per worker (longer messages are cut). */
export const ERR_CHARS = 512;

/**
 * A job names its export by its index in `EXPORT_NAMES` (exports.ts): the main thread and the workers
 * run the same code, so both number the exports alike, and every export of `WasmExports` can run on a
 * worker.
 */
const OPS: ReadonlyMap<ExportName, number> = new Map(EXPORT_NAMES.map((name, op) => [name, op]));

export function kernelOp(name: ExportName): number {
  const op = OPS.get(name);
  if (op === undefined) throw new Error(`wasm worker pool: '${name}' is not an export of WasmExports`);
  return op;
}

/** Export names by OP (what a worker looks up in its instance). */
export function kernelNamesByOp(): readonly string[] {
  return EXPORT_NAMES;
}

export interface ControlLayout {
  readonly bytes: number;
  /** Byte offset of the f64 argument area and of the u16 error area. */
  readonly argsOffset: number;
  readonly errOffset: number;
}

export function controlLayout(workers: number): ControlLayout {
  const intBytes = (HEADER_WORDS + workers * SLOT_WORDS) * 4;
  const argsOffset = Math.ceil(intBytes / 8) * 8;
  const errOffset = argsOffset + workers * MAX_ARGS * 8;
  return { bytes: errOffset + workers * ERR_CHARS * 2, argsOffset, errOffset };
}

/** Index of word `field` of worker `slot` in the i32 view. */
export function word(slot: number, field: number): number {
  return HEADER_WORDS + slot * SLOT_WORDS + field;
}

/** Views of a control block. */
export interface ControlViews {
  readonly ints: Int32Array;
  readonly args: Float64Array;
  readonly err: Uint16Array;
}

export function controlViews(sab: SharedArrayBuffer, workers: number): ControlViews {
  const l = controlLayout(workers);
  return {
    ints: new Int32Array(sab, 0, l.argsOffset / 4),
    args: new Float64Array(sab, l.argsOffset, workers * MAX_ARGS),
    err: new Uint16Array(sab, l.errOffset, workers * ERR_CHARS),
  };
}

/** What the main thread posts once to each worker. */
export interface InitMessage {
  readonly type: 'init';
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly workers: number;
  readonly slot: number;
}

/** What a worker posts back (once): ready, or why it could not start. */
export type WorkerReply = { readonly type: 'ready' } | { readonly type: 'error'; readonly message: string };

export function isInitMessage(m: unknown): m is InitMessage {
  if (typeof m !== 'object' || m === null) return false;
  return Reflect.get(m, 'type') === 'init' && Reflect.get(m, 'module') instanceof WebAssembly.Module &&
    Reflect.get(m, 'memory') instanceof WebAssembly.Memory && Reflect.get(m, 'control') instanceof SharedArrayBuffer &&
    typeof Reflect.get(m, 'workers') === 'number' && typeof Reflect.get(m, 'slot') === 'number';
}

export function isWorkerReply(m: unknown): m is WorkerReply {
  if (typeof m !== 'object' || m === null) return false;
  const t = Reflect.get(m, 'type');
  return t === 'ready' || (t === 'error' && typeof Reflect.get(m, 'message') === 'string');
}

/** Writes `text` (cut to ERR_CHARS) into worker `slot`'s error area; returns the length written. */
export function writeError(v: ControlViews, slot: number, text: string): number {
  const n = Math.min(text.length, ERR_CHARS);
  const base = slot * ERR_CHARS;
  for (let i = 0; i < n; i++) v.err[base + i] = text.charCodeAt(i);
  return n;
}

export function readError(v: ControlViews, slot: number, length: number): string {
  const base = slot * ERR_CHARS;
  return String.fromCharCode(...v.err.subarray(base, base + Math.min(length, ERR_CHARS)));
}
