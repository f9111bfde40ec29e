/**
 * Shared by the Node peer runners (bench/peers/*.ts): argument parsing, the Fashion-MNIST IDX reader the
 * non-Striate peers use, timing loops and peak-memory reading. Every runner prints exactly ONE JSON line on
 * stdout (the orchestrator reads the last line); anything else goes to stderr.
 *
 * Protocol (also followed by bench/peers/pytorch.py):
 *   --task probe|train|infer|kernels|epochs   --data DIR   --seconds S (time per measurement)
 *   --min-iters N   --latency-calls N   --threads T   --epochs E   --model FILE.onnx   --warmup N (train steps)
 *   --backend NAME (Striate only)
 * Output: { peer, task, ok: true, version, threads, ...metrics, peak_rss_mib } or { ok: false, reason }.
 *   train:   images_per_second, steps, seconds, loss
 *   infer:   batch_images_per_second (batch 64), latency_ms (median of batch-1 calls), latency_calls
 *   kernels: gemm_gflops (1024³ sgemm), conv_gflops (64×32×13×13 * 64×32×3×3, forward)
 *   epochs:  train_seconds, wall_seconds, epoch_seconds[], test_accuracy, epochs
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

export type Task = 'probe' | 'train' | 'infer' | 'kernels' | 'epochs';
const TASKS: readonly Task[] = ['probe', 'train', 'infer', 'kernels', 'epochs'];

export interface PeerArgs {
  task: Task;
  data: string;
  seconds: number;
  minIters: number;
  latencyCalls: number;
  threads: number;
  epochs: number;
  model: string;
  backend: string;
  /** Untimed training steps before the timed ones. */
  warmup: number;
}

export function parsePeerArgs(argv: readonly string[] = process.argv.slice(2)): PeerArgs {
  const a: PeerArgs = {
    task: 'train', data: '../shared/data/fashion-mnist', seconds: 5, minIters: 5, latencyCalls: 200, threads: 1, epochs: 5,
    model: 'bench/.cache/lecture-cnn.onnx', backend: 'reference', warmup: 2,
  };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) throw new Error(`unexpected argument '${argv[i]!}'`);
    const key = m[1]!;
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    const num = (): number => {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`--${key} needs a positive number, got '${value}'`);
      return n;
    };
    switch (key) {
      case 'task':
        if (!(TASKS as readonly string[]).includes(value)) throw new Error(`--task must be one of ${TASKS.join(', ')}`);
        a.task = value as Task;
        break;
      case 'data': a.data = value; break;
      case 'model': a.model = value; break;
      case 'backend': a.backend = value; break;
      case 'seconds': a.seconds = num(); break;
      case 'min-iters': a.minIters = Math.ceil(num()); break;
      case 'latency-calls': a.latencyCalls = Math.ceil(num()); break;
      case 'threads': a.threads = Math.ceil(num()); break;
      case 'epochs': a.epochs = Math.ceil(num()); break;
      case 'warmup': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) throw new Error(`--warmup needs a non-negative integer, got '${value}'`);
        a.warmup = n;
        break;
      }
      default: throw new Error(`unknown option --${key}`);
    }
  }
  return a;
}

/** Reads one gzipped IDX file (magic 0x0000080N, big-endian dims, uint8 payload). */
export function readIdx(path: string): { dims: number[]; data: Uint8Array } {
  const raw = gunzipSync(readFileSync(path));
  if (raw[0] !== 0 || raw[1] !== 0 || raw[2] !== 0x08) throw new Error(`${path}: not a uint8 IDX file`);
  const ndim = raw[3]!;
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(raw.readUInt32BE(4 + 4 * i));
  const offset = 4 + 4 * ndim;
  return { dims, data: new Uint8Array(raw.buffer, raw.byteOffset + offset, raw.length - offset) };
}

export interface MnistSplit {
  /** uint8 pixels, [n, 28, 28] row-major. */
  images: Uint8Array;
  labels: Uint8Array;
  n: number;
}

export function loadFashionMnist(dir: string, train: boolean): MnistSplit {
  const prefix = train ? 'train' : 't10k';
  const img = readIdx(join(dir, `${prefix}-images-idx3-ubyte.gz`));
  const lab = readIdx(join(dir, `${prefix}-labels-idx1-ubyte.gz`));
  return { images: img.data, labels: lab.data, n: img.dims[0]! };
}

/** Copies images `idx` of `split` into `out` as float32 in [0, 1] (NCHW and NHWC coincide for one channel). */
export function gatherImages(split: MnistSplit, idx: ArrayLike<number>, out: Float32Array): Float32Array {
  for (let b = 0; b < idx.length; b++) {
    const src = idx[b]! * 784;
    for (let p = 0; p < 784; p++) out[b * 784 + p] = split.images[src + p]! / 255;
  }
  return out;
}

/** A seeded permutation (xorshift32 + Fisher–Yates), so every peer sees the same kind of shuffled batches. */
export function permutation(n: number, seed = 1): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const j = s % (i + 1);
    const t = p[i]!; p[i] = p[j]!; p[j] = t;
  }
  return p;
}

/** Deterministic pseudo-random floats in [-0.5, 0.5) for kernel inputs. */
export function randomArray(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}

/**
 * Runs `fn` until at least `seconds` of wall time and `minIters` calls have passed (after the caller's own
 * warm-up) and returns the count and the wall seconds.
 */
export async function timeLoop(fn: (i: number) => unknown, seconds: number, minIters: number): Promise<{ iters: number; seconds: number }> {
  const t0 = performance.now();
  let iters = 0;
  let elapsed = 0;
  do {
    await fn(iters);
    iters++;
    elapsed = (performance.now() - t0) / 1000;
  } while (elapsed < seconds || iters < minIters);
  return { iters, seconds: elapsed };
}

/** Median wall time in ms of single calls: at most `calls` calls, stopping early after `seconds` (≥ 10 calls). */
export async function medianLatency(fn: () => unknown, calls: number, seconds: number): Promise<{ ms: number; calls: number }> {
  const times: number[] = [];
  const t0 = performance.now();
  while (times.length < calls && (times.length < 10 || performance.now() - t0 < seconds * 1000)) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  times.sort((x, y) => x - y);
  const mid = times.length >> 1;
  const ms = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  return { ms, calls: times.length };
}

/** Peak resident set of this process in MiB: VmHWM from /proc/self/status, else resourceUsage().maxRSS. */
export function peakRssMiB(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Prints the one JSON result line and exits (workers from wasm runtimes must not keep the process alive). */
export function emit(result: Record<string, unknown>): void {
  // Exiting in the write callback lets a piped stdout drain first.
  process.stdout.write(`${JSON.stringify({ ...result, peak_rss_mib: peakRssMiB() })}\n`, () => process.exit(0));
}

/** Runs a peer's main, turning an exception into an { ok: false } line (exit code 0) after logging it. */
export function runPeer(peer: string, task: Task, main: () => Promise<Record<string, unknown>>): void {
  main().then(
    (r) => emit({ peer, task, ...r }),
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`${peer} ${task}: ${e instanceof Error ? (e.stack ?? msg) : msg}\n`);
      emit({ peer, task, ok: false, reason: `error: ${msg.split('\n')[0]!.slice(0, 200)}` });
    },
  );
}

export const FLOPS = {
  /** 2·M·N·K for the 1024³ sgemm. */
  gemm: 2 * 1024 ** 3,
  /** 2 · N · Cout · Hout · Wout · Cin · kh · kw for the conv2 forward at batch 64 (13×13 → 11×11). */
  conv: 2 * 64 * 64 * 11 * 11 * 32 * 3 * 3,
};
export const CONV_SHAPE = { n: 64, cin: 32, h: 13, w: 13, cout: 64, k: 3 } as const;
