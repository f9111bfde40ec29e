/**
 * Striate's benchmark harness: `npm run bench -- [options]` (= node --import tsx bench/run.ts).
 *
 * Measures Striate side by side with PyTorch (Debian python3-torch + OpenBLAS, 1 and 2 threads), TensorFlow.js
 * (cpu and wasm backends), onnxruntime-node (1 and 2 threads) and onnxruntime-web (wasm in Node) on the lecture
 * CNN and Fashion-MNIST. Every measurement is a fresh process running one peer script from bench/peers/ that
 * prints one JSON line; the processes are interleaved (each repetition visits every peer, in a rotated order)
 * and repeated, and the report gives medians with min–max and the ratio Striate ÷ peer, in BENCHMARKS.md
 * (the section between `<!-- manual -->` and `<!-- /manual -->` is kept) and bench/results/last-run.json.
 *
 * Stages (default: train, infer, kernels; about 8 minutes on the 2-core machine, longer when it is loaded):
 *   train    (a) training images/s, batch 64, Adam 1e-3 + (e) peak RSS of each training process
 *   infer    (b) inference images/s at batch 64 and median latency of single-image calls
 *   kernels  (c) sgemm 1024³ and conv2d (64×32×13×13 ⊛ 64×32×3×3) GFLOP/s
 *   epochs   (d) wall time and test accuracy of 5 epochs on the full training set — in the default run
 *            (not with --quick): PyTorch (1 and 2 threads; --pytorch-epochs-threads) and Striate wasm with 1
 *            and 2 threads run for real (~10 min); --striate-epochs-run reference[,wasm-1,wasm-2] picks other Striate variants (the
 *            reference backend takes ~45 min), --striate-epochs-from FILE imports a dated earlier result.
 *            Results are kept in bench/results/epochs.json and reprinted by later runs with their date.
 *
 * Options:
 *   --quick                 smoke run: 1 repetition, ~1 s per measurement (a few minutes in all)
 *   --stages LIST           comma list of train,infer,kernels,epochs (default all four; --quick: the first three)
 *   --epochs-stage          add the epochs stage to the selected stages
 *   --repeats N             repetitions of each measurement (default 3; --quick 1)
 *   --seconds S             minimum timed seconds per measurement (default: train 5, infer 2, kernels 4)
 *   --peers LIST            only these: striate,pytorch,tfjs-cpu,tfjs-wasm,ort-node,ort-web
 *   --data DIR              Fashion-MNIST IDX directory (default ../shared/data/fashion-mnist)
 *   --epochs N              epochs for the epochs stage (default 5)
 *   --pytorch-epochs-threads LIST   thread counts for PyTorch's epochs (default 1,2)
 *   --striate-epochs-from FILE      (repeatable) include a Striate epochs result from FILE
 *   --striate-epochs-run LIST       run Striate's epochs for real on these variants
 *   --out FILE              report path (default BENCHMARKS.md); --no-write prints it instead
 *   --verbose               echo the peers' stderr
 *   --omp-passive           run PyTorch with OMP_WAIT_POLICY=PASSIVE (libgomp's spin-waiting collapses its 2-thread
 *                           runs when other jobs share the cores; stock PyTorch spins, so the default leaves it)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const PYTHON = '/usr/bin/python3';
const OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-openmp';
const ONNX_MODEL = 'bench/.cache/lecture-cnn.onnx';
const RESULTS_DIR = 'bench/results';
const EPOCHS_FILE = join(RESULTS_DIR, 'epochs.json');

type Stage = 'train' | 'infer' | 'kernels' | 'epochs';
const STAGES: readonly Stage[] = ['train', 'infer', 'kernels', 'epochs'];
type PeerName = 'striate' | 'pytorch' | 'tfjs-cpu' | 'tfjs-wasm' | 'ort-node' | 'ort-web';
const PEERS: readonly PeerName[] = ['striate', 'pytorch', 'tfjs-cpu', 'tfjs-wasm', 'ort-node', 'ort-web'];
type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------- options

interface Options {
  quick: boolean;
  stages: Stage[];
  repeats: number;
  seconds: Partial<Record<Stage, number>>;
  peers: PeerName[];
  data: string;
  epochs: number;
  pytorchEpochsThreads: number[];
  striateEpochsFrom: string[];
  striateEpochsRun: string[];
  out: string | null;
  verbose: boolean;
  ompPassive: boolean;
}

function usage(msg?: string): never {
  const head = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*\n?/, '').replace(/^ \* ?/gm, '');
  if (msg) {
    process.stderr.write(`bench: ${msg}\n(see npm run bench -- --help)\n`);
    process.exit(2);
  }
  process.stdout.write(head);
  process.exit(0);
}

function parseOptions(argv: readonly string[]): Options {
  const o: Options = {
    quick: false, stages: [], repeats: 0, seconds: {}, peers: [...PEERS], data: '../shared/data/fashion-mnist', epochs: 5,
    pytorchEpochsThreads: [1, 2], striateEpochsFrom: [], striateEpochsRun: [], out: 'BENCHMARKS.md', verbose: false, ompPassive: false,
  };
  let epochsRunGiven = false;
  let epochsStage = false;
  let seconds: number | null = null;
  const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);
  const posInt = (flag: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) usage(`${flag} needs a positive integer, got '${v}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const m = /^(--[a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) usage(`unexpected argument '${argv[i]!}'`);
    const flag = m[1]!;
    const value = (): string => {
      const v = m[2] ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help': usage(); break;
      case '--quick': o.quick = true; break;
      case '--epochs-stage': epochsStage = true; break;
      case '--verbose': o.verbose = true; break;
      case '--omp-passive': o.ompPassive = true; break;
      case '--no-write': o.out = null; break;
      case '--out': o.out = value(); break;
      case '--data': o.data = value(); break;
      case '--repeats': o.repeats = posInt(flag, value()); break;
      case '--epochs': o.epochs = posInt(flag, value()); break;
      case '--seconds': {
        const v = value();
        seconds = Number(v);
        if (!(seconds > 0)) usage(`--seconds needs a positive number, got '${v}'`);
        break;
      }
      case '--stages': {
        const s = list(value());
        for (const x of s) if (!(STAGES as readonly string[]).includes(x)) usage(`unknown stage '${x}' (stages: ${STAGES.join(', ')})`);
        o.stages = s as Stage[];
        break;
      }
      case '--peers': {
        const s = list(value());
        for (const x of s) if (!(PEERS as readonly string[]).includes(x)) usage(`unknown peer '${x}' (peers: ${PEERS.join(', ')})`);
        o.peers = s as PeerName[];
        break;
      }
      case '--pytorch-epochs-threads': o.pytorchEpochsThreads = list(value()).map((v) => posInt(flag, v)); break;
      case '--striate-epochs-from': o.striateEpochsFrom.push(value()); break;
      case '--striate-epochs-run': o.striateEpochsRun = list(value()); epochsRunGiven = true; break;
      default: usage(`unknown option ${flag}`);
    }
  }
  // The default run fills every table: (d) runs PyTorch and Striate's default backend (wasm) at 1 and 2 threads for real.
  if (o.stages.length === 0) o.stages = o.quick ? ['train', 'infer', 'kernels'] : ['train', 'infer', 'kernels', 'epochs'];
  if (o.stages.includes('epochs') && !epochsRunGiven && o.striateEpochsFrom.length === 0) o.striateEpochsRun = ['wasm-1', 'wasm-2'];
  if ((epochsStage || o.striateEpochsFrom.length > 0 || o.striateEpochsRun.length > 0) && !o.stages.includes('epochs')) o.stages.push('epochs');
  if (o.repeats === 0) o.repeats = o.quick ? 1 : 3;
  const dflt: Record<Exclude<Stage, 'epochs'>, number> = o.quick ? { train: 1.5, infer: 1, kernels: 1.5 } : { train: 5, infer: 2, kernels: 4 };
  o.seconds = { train: seconds ?? dflt.train, infer: seconds ?? dflt.infer, kernels: seconds ?? dflt.kernels };
  if (!existsSync(o.data)) usage(`--data: '${o.data}' does not exist`);
  return o;
}

// ---------------------------------------------------------------------------------------------- processes

interface Job {
  stage: Stage;
  /** Row key, e.g. 'pytorch-2t'. */
  row: string;
  peer: PeerName;
  cmd: string;
  argv: string[];
  env?: Record<string, string>;
  /** Run in the first repetition only (very slow measurements, or checks that cannot change). */
  once?: boolean;
  timeoutS: number;
}

interface Outcome {
  json: Json | null;
  code: number | null;
  seconds: number;
  stderr: string;
}

function runProcess(cmd: string, argv: string[], env: Record<string, string> | undefined, timeoutS: number, echo: boolean): Promise<Outcome> {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err = (err + d).slice(-20_000);
      if (echo) process.stderr.write(d);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      let json: Json | null = null;
      for (const line of out.trim().split('\n').reverse()) {
        if (!line.startsWith('{')) continue;
        try {
          json = JSON.parse(line) as Json;
          break;
        } catch {
          // not the result line
        }
      }
      done({ json, code, seconds: (performance.now() - t0) / 1000, stderr: err });
    });
  });
}

const nodePeer = (peer: PeerName): { cmd: string; argv: string[] } => ({ cmd: process.execPath, argv: ['--import', 'tsx', `bench/peers/${peer}.ts`] });
let ompPassive = false;
const pyEnv = (): Record<string, string> => ({ ...(existsSync(OPENBLAS) ? { LD_LIBRARY_PATH: OPENBLAS } : {}), ...(ompPassive ? { OMP_WAIT_POLICY: 'PASSIVE' } : {}) });

// ---------------------------------------------------------------------------------------------- rows

interface RowDef {
  key: string;
  label: string;
  peer: PeerName;
  /** Why the row has no number without running anything ('cannot train', 'not available: …'). */
  staticReason?: string;
}

interface Sample {
  rep: number;
  json: Json;
}

const num = (j: Json, k: string): number | undefined => (typeof j[k] === 'number' && Number.isFinite(j[k]) ? (j[k] as number) : undefined);
const str = (j: Json, k: string): string | undefined => (typeof j[k] === 'string' ? (j[k] as string) : undefined);

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}
const stat = (v: number[]): Stat | null => (v.length ? { median: median(v), min: Math.min(...v), max: Math.max(...v), n: v.length } : null);

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const notes: string[] = [];
  const o = parseOptions(process.argv.slice(2));
  ompPassive = o.ompPassive;
  if (o.ompPassive) notes.push('PyTorch ran with OMP_WAIT_POLICY=PASSIVE (--omp-passive).');
  const started = new Date();
  const load0 = os.loadavg();
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const want = (p: PeerName): boolean => o.peers.includes(p);

  // ---- probes: which peers can run here at all
  const probes = new Map<string, Json>();
  const probe = async (key: string, cmd: string, argv: string[], env?: Record<string, string>): Promise<Json> => {
    const r = await runProcess(cmd, [...argv, '--task', 'probe', '--data', o.data], env, 120, o.verbose);
    const j = r.json ?? { ok: false, reason: `error: exit ${r.code} ${r.stderr.trim().split('\n').at(-1) ?? ''}` };
    probes.set(key, j);
    return j;
  };
  log('bench: probing peers…');
  const striateWasm = want('striate') ? await probe('striate-wasm', nodePeer('striate').cmd, [...nodePeer('striate').argv, '--backend', 'wasm']) : null;
  const wasmOk = striateWasm?.['ok'] === true;
  if (striateWasm && !wasmOk) notes.push(`Striate wasm backend: ${str(striateWasm, 'reason') ?? 'not available'} — its rows are left out.`);
  if (wasmOk)
    notes.push(`Striate wasm rows run the \`${str(striateWasm, 'build') ?? '?'}\` build (the peer turns on relaxed SIMD as the \`striate\` command does; a library user on Node 20 gets the \`simd\` build unless they call \`enableRelaxedSimd()\`, Node 22+ gets \`relaxed\`), default threads, and the default memory policy (no \`--expose-gc\`).`);
  const torchProbe = want('pytorch') ? await probe('pytorch', PYTHON, ['bench/peers/pytorch.py'], pyEnv()) : null;
  const torchOk = torchProbe?.['ok'] === true;
  if (torchProbe && !torchOk) notes.push(`PyTorch: ${str(torchProbe, 'reason') ?? 'not available'}`);
  if (torchOk && !/openblas/i.test(str(torchProbe!, 'blas') ?? '')) notes.push(`PyTorch is NOT using OpenBLAS (${str(torchProbe!, 'blas') ?? '?'}): its numbers are ~8× low.`);
  if (want('tfjs-wasm')) await probe('tfjs-wasm', nodePeer('tfjs-wasm').cmd, nodePeer('tfjs-wasm').argv); // for its SIMD/threads flags

  // ---- the ONNX model for onnxruntime, generated from PyTorch at bench time
  let onnxReason: string | null = null;
  if ((want('ort-node') || want('ort-web')) && o.stages.includes('infer') && !existsSync(ONNX_MODEL)) {
    if (!torchOk) onnxReason = 'n/a (no PyTorch to export bench/.cache/lecture-cnn.onnx)';
    else {
      log('bench: exporting the lecture CNN to ONNX (scripts/export_onnx.py)…');
      const r = spawnSync(PYTHON, ['scripts/export_onnx.py', ONNX_MODEL], { cwd: ROOT, env: { ...process.env, ...pyEnv() }, encoding: 'utf8' });
      if (r.status !== 0) onnxReason = `n/a (ONNX export failed: ${(r.stderr || '').trim().split('\n').at(-1) ?? ''})`;
      else log(`bench: ${r.stdout.trim()}`);
    }
  }

  // ---- row and job definitions
  const striateVariants: { key: string; label: string; backend: string; threads: number }[] = [
    { key: 'striate-ref', label: 'Striate reference (1 thread)', backend: 'reference', threads: 1 },
    ...(wasmOk
      ? [
          { key: 'striate-wasm-1t', label: 'Striate wasm (1 thread)', backend: 'wasm', threads: 1 },
          { key: 'striate-wasm-2t', label: 'Striate wasm (2 threads)', backend: 'wasm', threads: 2 },
        ]
      : []),
  ];
  const rows: Record<Stage, RowDef[]> = { train: [], infer: [], kernels: [], epochs: [] };
  const jobs: Job[] = [];
  const secs = (s: Stage): string[] => ['--seconds', String(o.seconds[s] ?? 1)];
  const common = (s: Stage): string[] => ['--task', s, '--data', o.data, ...secs(s), ...(o.quick ? ['--min-iters', '2', '--latency-calls', '50', '--warmup', '1'] : [])];
  const timeout = (s: Stage): number => (s === 'train' ? 300 : 240);

  for (const stage of ['train', 'infer', 'kernels'] as const) {
    if (!o.stages.includes(stage)) continue;
    const add = (def: RowDef, job?: Omit<Job, 'stage' | 'row' | 'peer' | 'timeoutS'> & { timeoutS?: number }): void => {
      rows[stage].push(def);
      if (job && !def.staticReason) jobs.push({ stage, row: def.key, peer: def.peer, timeoutS: timeout(stage), ...job });
    };
    if (want('striate'))
      for (const v of striateVariants)
        add({ key: v.key, label: v.label, peer: 'striate' }, { ...nodePeer('striate'), argv: [...nodePeer('striate').argv, ...common(stage), '--backend', v.backend, '--threads', String(v.threads)] });
    if (want('pytorch'))
      for (const t of [1, 2])
        add(
          { key: `pytorch-${t}t`, label: `PyTorch (${t} thread${t > 1 ? 's' : ''})`, peer: 'pytorch', ...(torchOk ? {} : { staticReason: 'n/a (PyTorch not available)' }) },
          { cmd: PYTHON, argv: ['bench/peers/pytorch.py', ...common(stage), '--threads', String(t)], env: pyEnv() },
        );
    if (want('tfjs-cpu')) {
      // tfjs-cpu's Conv2DBackpropFilter is a scalar loop: one training step takes ~50 s, so it is timed over
      // a single step without warm-up (JIT warm-up is ≪ 1 % of such a step), in the first repetition only.
      const slowTrain = stage === 'train';
      const argv = [...nodePeer('tfjs-cpu').argv, ...common(stage)];
      if (slowTrain) argv.push('--seconds', '0.001', '--min-iters', '1', '--warmup', '0');
      add({ key: 'tfjs-cpu', label: 'TensorFlow.js cpu (1 thread)', peer: 'tfjs-cpu' }, { cmd: process.execPath, argv, once: slowTrain, timeoutS: slowTrain ? 600 : 300 });
    }
    if (want('tfjs-wasm')) {
      const argv = [...nodePeer('tfjs-wasm').argv, ...common(stage)];
      if (stage === 'train') argv.push('--warmup', '0', '--min-iters', '1', '--seconds', '0.001');
      add({ key: 'tfjs-wasm', label: 'TensorFlow.js wasm (1 thread, SIMD)', peer: 'tfjs-wasm' }, { cmd: process.execPath, argv, once: stage === 'train' });
    }
    for (const p of ['ort-node', 'ort-web'] as const) {
      if (!want(p)) continue;
      const threads = p === 'ort-node' ? [2, 1] : [1];
      for (const t of threads) {
        const label = `${p === 'ort-node' ? 'onnxruntime-node (CPU EP' : 'onnxruntime-web (wasm EP in Node'}, ${t} thread${t > 1 ? 's' : ''})`;
        const staticReason = stage === 'train' ? 'cannot train (inference-only runtime)' : stage === 'kernels' ? 'n/a (no standalone kernels)' : (onnxReason ?? undefined);
        add({ key: `${p}-${t}t`, label, peer: p, ...(staticReason ? { staticReason } : {}) }, { ...nodePeer(p), argv: [...nodePeer(p).argv, ...common(stage), '--threads', String(t), '--model', ONNX_MODEL] });
      }
    }
  }

  // ---- run: every repetition visits every job, starting one further along each time
  const samples = new Map<string, Sample[]>();
  const failures = new Map<string, string>();
  const perRep = (rep: number): Job[] => jobs.filter((j) => !j.once || rep === 0);
  const total = Array.from({ length: o.repeats }, (_, r) => perRep(r).length).reduce((a, b) => a + b, 0);
  let done = 0;
  const tRun = performance.now();
  for (let rep = 0; rep < o.repeats; rep++) {
    for (const stage of STAGES) {
      const list = perRep(rep).filter((j) => j.stage === stage);
      for (let k = 0; k < list.length; k++) {
        const job = list[(k + rep) % list.length]!;
        const r = await runProcess(job.cmd, job.argv, job.env, job.timeoutS, o.verbose);
        done++;
        const key = `${stage}/${job.row}`;
        const ok = r.json?.['ok'] === true;
        if (r.json && (ok || r.json['cannot'] === true || r.code === 0)) {
          if (!samples.has(key)) samples.set(key, []);
          samples.get(key)!.push({ rep, json: r.json });
        } else failures.set(key, `exit ${r.code}${r.code === null ? ' (killed: timeout)' : ''}: ${r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`);
        const j = r.json ?? {};
        const shown =
          stage === 'train' ? fmtN(num(j, 'images_per_second'), 'img/s')
          : stage === 'infer' ? `${fmtN(num(j, 'batch_images_per_second'), 'img/s')}, ${fmtN(num(j, 'latency_ms'), 'ms', 3)}`
          : `${fmtN(num(j, 'gemm_gflops'), 'GFLOP/s sgemm')}, ${fmtN(num(j, 'conv_gflops'), 'GFLOP/s conv')}`;
        const eta = ((performance.now() - tRun) / 1000 / done) * (total - done);
        log(`[${done}/${total}] rep ${rep + 1}/${o.repeats} ${stage.padEnd(7)} ${job.row.padEnd(16)} ${ok ? shown : (str(j, 'reason') ?? failures.get(key) ?? 'failed')}  (${r.seconds.toFixed(1)} s; ~${Math.round(eta)} s left)`);
      }
    }
  }

  const med = (k: string, m: string): number | undefined => stat((samples.get(k) ?? []).map((x) => num(x.json, m)).filter((v): v is number => v !== undefined))?.median;
  const t1 = med('train/pytorch-1t', 'images_per_second');
  const t2 = med('train/pytorch-2t', 'images_per_second');
  if (!o.ompPassive && t1 !== undefined && t2 !== undefined && t2 < 0.8 * t1)
    notes.push(`PyTorch with 2 threads trained slower than with 1 (${fmt(t2)} vs ${fmt(t1)} images/s): libgomp's threads spin-wait at every barrier, which collapses when other jobs hold the cores (here the load average exceeded the core count). On this machine \`OMP_WAIT_POLICY=PASSIVE\` restored the 2-thread figure to about the 1-thread one; rerun with \`--omp-passive\` to measure that way, or on an idle machine.`);

  // ---- epochs stage
  let epochRows: EpochRow[] = loadEpochRows();
  let epochsRanNow = false;
  if (o.stages.includes('epochs')) {
    epochsRanNow = true;
    const fresh: EpochRow[] = [];
    const runEpochs = async (label: string, key: string, cmd: string, argv: string[], env?: Record<string, string>): Promise<void> => {
      log(`bench: epochs stage: ${label}, ${o.epochs} epochs on the full training set…`);
      const r = await runProcess(cmd, [...argv, '--task', 'epochs', '--epochs', String(o.epochs), '--data', o.data], env, 4 * 3600, true);
      if (r.json?.['ok'] === true) fresh.push(epochRow(key, label, r.json, 'run by this benchmark'));
      else log(`bench: ${label} epochs failed: ${str(r.json ?? {}, 'reason') ?? r.stderr.trim().split('\n').at(-1) ?? ''}`);
    };
    if (want('pytorch') && torchOk)
      for (const t of o.pytorchEpochsThreads)
        await runEpochs(`PyTorch (${t} thread${t > 1 ? 's' : ''})`, `pytorch-${t}t`, PYTHON, ['bench/peers/pytorch.py', '--threads', String(t)], pyEnv());
    for (const v of o.striateEpochsRun) {
      const variant = striateVariants.find((s) => s.key === `striate-${v}` || s.key === `striate-${v}t` || (v === 'reference' && s.key === 'striate-ref'));
      if (!variant) {
        log(`bench: --striate-epochs-run: variant '${v}' is not available (have: reference${wasmOk ? ', wasm-1, wasm-2' : ''})`);
        continue;
      }
      await runEpochs(variant.label, variant.key, nodePeer('striate').cmd, [...nodePeer('striate').argv, '--backend', variant.backend, '--threads', String(variant.threads)]);
    }
    for (const file of o.striateEpochsFrom) fresh.push(importEpochs(file));
    const keys = new Set(fresh.map((r) => r.key));
    epochRows = [...fresh, ...epochRows.filter((r) => !keys.has(r.key))];
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(EPOCHS_FILE, `${JSON.stringify(epochRows, null, 2)}\n`);
  }

  // ---- report
  const versions = collectVersions(probes, torchProbe);
  const machine = machineInfo();
  const finished = new Date();
  const report = renderReport({
    o, started, finished, load: [load0, os.loadavg()], machine, versions, notes, rows, samples, failures, epochRows, epochsRanNow,
    runSeconds: (performance.now() - tRun) / 1000,
  });
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    join(RESULTS_DIR, 'last-run.json'),
    `${JSON.stringify({ started: started.toISOString(), finished: finished.toISOString(), options: o, machine, versions, samples: Object.fromEntries(samples), failures: Object.fromEntries(failures) }, null, 2)}\n`,
  );
  if (o.out === null) process.stdout.write(report);
  else {
    const prev = existsSync(o.out) ? readFileSync(o.out, 'utf8') : '';
    const manual = /<!-- manual -->[\s\S]*?<!-- \/manual -->/.exec(prev)?.[0];
    writeFileSync(o.out, manual ? report.replace(MANUAL_PLACEHOLDER, manual) : report.replace(MANUAL_PLACEHOLDER, DEFAULT_MANUAL));
    log(`bench: wrote ${o.out} and ${join(RESULTS_DIR, 'last-run.json')} (${((performance.now() - tRun) / 60000).toFixed(1)} min)`);
    process.stdout.write(summaryForConsole(report));
  }
}

function fmtN(v: number | undefined, unit: string, digits?: number): string {
  if (v === undefined) return `? ${unit}`;
  return `${fmt(v, digits)} ${unit}`;
}

/** Three significant figures, thousands grouped. */
function fmt(v: number, digits?: number): string {
  if (!Number.isFinite(v)) return '–';
  const d = digits ?? (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3);
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

// ---------------------------------------------------------------------------------------------- epochs rows

interface EpochRow {
  key: string;
  label: string;
  epochs: number;
  train_seconds: number | null;
  wall_seconds: number | null;
  test_accuracy: number | null;
  peak_rss_mib: number | null;
  date: string;
  source: string;
  machine: string;
  /** How the run trained beyond Adam 1e-3 and batch 64 (absent in rows saved before recipes were recorded). */
  recipe?: string;
}

/** `striate train`'s recipe since 2026-11-30; the rows of earlier runs used pixels / 255 and a constant rate. */
const RECIPE_NOW = 'standardised inputs, cosine decay';
const RECIPE_BEFORE = 'pixels / 255, constant rate';

/** The recipe a result line describes: the peers' `recipe`, or `striate train --json`'s schedule and preprocessing. */
function recipeOf(j: Json): string {
  const stated = str(j, 'recipe');
  if (stated) return stated;
  const schedule = str(j, 'schedule');
  if (schedule === undefined) return RECIPE_BEFORE;
  const pre = j['preprocessing'];
  return `${pre && typeof pre === 'object' ? 'standardised inputs' : 'pixels / 255'}, ${schedule === 'cosine' ? 'cosine decay' : 'constant rate'}`;
}

function epochRow(key: string, label: string, j: Json, source: string): EpochRow {
  const es = Array.isArray(j['epoch_seconds']) ? (j['epoch_seconds'] as unknown[]).filter((v): v is number => typeof v === 'number') : [];
  return {
    key, label, source,
    epochs: num(j, 'epochs') ?? es.length,
    train_seconds: num(j, 'train_seconds') ?? (es.length ? es.reduce((a, b) => a + b, 0) : null),
    wall_seconds: num(j, 'wall_seconds') ?? null,
    test_accuracy: num(j, 'test_accuracy') ?? null,
    peak_rss_mib: num(j, 'peak_rss_mib') ?? null,
    date: str(j, 'date') ?? new Date().toISOString(),
    machine: machineInfo().short,
    recipe: recipeOf(j),
  };
}

/** Reads the last JSON object line with a test_accuracy from FILE (`striate train --json` output or a peer's line). */
function importEpochs(file: string): EpochRow {
  if (!existsSync(file)) usage(`--striate-epochs-from: '${file}' does not exist`);
  const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{')).reverse();
  for (const line of lines) {
    let j: Json;
    try {
      j = JSON.parse(line) as Json;
    } catch {
      continue;
    }
    if (num(j, 'test_accuracy') === undefined) continue;
    const backend = str(j, 'backend') ?? 'reference';
    const threads = num(j, 'threads');
    const key = backend === 'reference' ? 'striate-ref' : `striate-${backend}${threads ? `-${threads}t` : ''}`;
    const label = backend === 'reference' ? 'Striate reference (1 thread)' : `Striate ${backend}${threads ? ` (${threads} thread${threads > 1 ? 's' : ''})` : ''}`;
    const row = epochRow(key, label, { ...j, date: str(j, 'date') ?? statSync(file).mtime.toISOString() }, `imported from ${resolve(file).startsWith(ROOT) ? relative(ROOT, resolve(file)) : resolve(file)}`);
    row.machine = str(j, 'machine') ?? `${machineInfo().short} (assumed: the file does not say)`;
    return row;
  }
  return usage(`--striate-epochs-from: no JSON line with test_accuracy in '${file}'`);
}

function loadEpochRows(): EpochRow[] {
  if (!existsSync(EPOCHS_FILE)) return [];
  try {
    const v: unknown = JSON.parse(readFileSync(EPOCHS_FILE, 'utf8'));
    return Array.isArray(v) ? (v as EpochRow[]) : [];
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------- environment

interface Machine {
  cpu: string;
  cores: number;
  memGiB: number;
  kernel: string;
  node: string;
  short: string;
}

function machineInfo(): Machine {
  const cpus = os.cpus();
  let model = cpus[0]?.model ?? 'unknown CPU';
  const flags = existsSync('/proc/cpuinfo') ? (/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '') : '';
  if (/\bavx512f\b/.test(flags)) model += ' (AVX-512)';
  else if (/\bavx2\b/.test(flags)) model += ' (AVX2)';
  const memGiB = os.totalmem() / 2 ** 30;
  const m = { cpu: model, cores: cpus.length, memGiB, kernel: `${os.type()} ${os.release()}`, node: process.version };
  return { ...m, short: `${m.cores} × ${cpus[0]?.model ?? 'CPU'}, ${memGiB.toFixed(0)} GiB, Node ${m.node}` };
}

function pkgVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function collectVersions(probes: Map<string, Json>, torch: Json | null): [string, string][] {
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' });
  const striateV = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const commit = git.status === 0 ? ` (commit ${git.stdout.trim()}${dirty.stdout.trim() ? ', with uncommitted changes' : ''})` : '';
  const wasmProbe = probes.get('striate-wasm');
  const out: [string, string][] = [
    ['Striate', `${striateV}${commit}; backends: reference${wasmProbe?.['ok'] === true ? ', wasm' : ` (wasm: ${str(wasmProbe ?? {}, 'reason') ?? 'not probed'})`}`],
  ];
  if (torch?.['ok'] === true)
    out.push(['PyTorch', `${str(torch, 'version') ?? '?'} (Debian python3-torch, Python ${str(torch, 'python') ?? '?'}, NumPy ${str(torch, 'numpy') ?? '?'}); BLAS loaded: ${str(torch, 'blas') ?? '?'}`]);
  else out.push(['PyTorch', `not available (${str(torch ?? {}, 'reason') ?? 'not probed'})`]);
  const tw = probes.get('tfjs-wasm');
  out.push(['@tensorflow/tfjs (cpu backend)', pkgVersion('@tensorflow/tfjs')]);
  out.push(['@tensorflow/tfjs-backend-wasm', `${pkgVersion('@tensorflow/tfjs-backend-wasm')}${tw ? ` (SIMD: ${String(tw['simd'] ?? '?')}, threads: ${tw['multithread_support'] === true ? 'yes' : 'no'})` : ''}`]);
  out.push(['onnxruntime-node', pkgVersion('onnxruntime-node')]);
  out.push(['onnxruntime-web', pkgVersion('onnxruntime-web')]);
  out.push(['tsx', pkgVersion('tsx')]);
  return out;
}

// ---------------------------------------------------------------------------------------------- report

const MANUAL_PLACEHOLDER = '@@MANUAL@@';
const DEFAULT_MANUAL = '<!-- manual -->\n<!-- Hand-written notes go here; `npm run bench` keeps this section. -->\n<!-- /manual -->';

interface ReportInput {
  o: Options;
  started: Date;
  finished: Date;
  load: [number[], number[]];
  machine: Machine;
  versions: [string, string][];
  notes: string[];
  rows: Record<Stage, RowDef[]>;
  samples: Map<string, Sample[]>;
  failures: Map<string, string>;
  epochRows: EpochRow[];
  epochsRanNow: boolean;
  runSeconds: number;
}

type Better = 'higher' | 'lower';
interface Metric {
  key: string;
  title: string;
  better: Better;
  digits?: number;
}

function renderReport(r: ReportInput): string {
  const L: string[] = [];
  const { o } = r;
  const cell = (s: Stat | null, digits?: number): [string, string] => (s ? [fmt(s.median, digits), s.n > 1 ? `${fmt(s.min, digits)}–${fmt(s.max, digits)}` : '(1 run)'] : ['', '']);
  const values = (stage: Stage, row: string, key: string): number[] =>
    (r.samples.get(`${stage}/${row}`) ?? []).map((s) => num(s.json, key)).filter((v): v is number => v !== undefined);
  const problems = new Map<string, string>();
  const reasonOf = (stage: Stage, def: RowDef): string => {
    if (def.staticReason) return def.staticReason;
    const s = r.samples.get(`${stage}/${def.key}`)?.find((x) => x.json['ok'] !== true);
    const why = s ? (str(s.json, 'reason') ?? 'failed') : r.failures.get(`${stage}/${def.key}`);
    if (why === undefined) return 'not run';
    if (why.length <= 60 && !why.startsWith('error')) return why;
    problems.set(`${stage} / ${def.label}`, why);
    return 'failed (see below)';
  };
  const flushProblems = (): void => {
    if (problems.size === 0) return;
    L.push('Failed measurements:', '');
    for (const [k, v] of problems) L.push(`- ${k}: ${v.replace(/\|/g, '\\|')}`);
    L.push('');
    problems.clear();
  };

  L.push('# Benchmarks', '');
  L.push('<!-- Generated by `npm run bench` (bench/run.ts). Edit only the manual section: the rest is rewritten. -->', '');
  L.push(MANUAL_PLACEHOLDER, '');
  L.push('## Run', '');
  L.push(`- Date: ${r.started.toISOString()} → ${r.finished.toISOString()} (${(r.runSeconds / 60).toFixed(1)} min of measurements)`);
  L.push(`- Command: \`npm run bench --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}\` — stages ${o.stages.join(', ')}; ${o.repeats} repetition${o.repeats > 1 ? 's' : ''}, at least ${o.seconds.train} s (train), ${o.seconds.infer} s (infer), ${o.seconds.kernels} s (kernels) timed per measurement${o.quick ? ' (**--quick smoke run: noisy, not for quoting**)' : ''}`);
  L.push(`- Machine: ${r.machine.cpu}, ${r.machine.cores} logical cores, ${r.machine.memGiB.toFixed(1)} GiB memory, ${r.machine.kernel}, Node ${r.machine.node}`);
  L.push(`- Load average (1/5/15 min) at start ${r.load[0].map((v) => v.toFixed(2)).join(' / ')}, at end ${r.load[1].map((v) => v.toFixed(2)).join(' / ')} — with ${r.machine.cores} cores, a load above ~${r.machine.cores} means other jobs shared the CPU and the absolute numbers are low; the ratios, measured interleaved, hold better.`);
  L.push('- Method: every measurement is a fresh process (one peer script from `bench/peers/` printing one JSON line); the peers are interleaved — each repetition visits all of them, starting one further along — and the tables give the median over repetitions with min–max. Throughput is wall-clock (images or FLOPs per second) after warm-up.');
  L.push('- Model: the lecture CNN — Conv2d(1,32,3) → ReLU → MaxPool2 → Conv2d(32,64,3) → ReLU → MaxPool2 → Flatten → Linear(1600,1024) → ReLU → Linear(1024,10), 1,668,490 parameters; Adam 1e-3, cross-entropy on logits, batch 64, Fashion-MNIST (IDX, uint8 converted to [0,1] per batch).');
  for (const n of r.notes) L.push(`- Note: ${n}`);
  L.push('', '## Versions', '', '| peer | version |', '|---|---|');
  for (const [k, v] of r.versions) L.push(`| ${k} | ${v} |`);
  L.push('');

  const striateKeys = (stage: Stage): RowDef[] => r.rows[stage].filter((d) => d.peer === 'striate' && !d.staticReason);
  const table = (stage: Stage, title: string, intro: string, metrics: Metric[], extra?: { head: string; get: (def: RowDef) => string }): void => {
    if (r.rows[stage].length === 0) return;
    const refs = striateKeys(stage);
    const refName = (d: RowDef): string => d.label.replace(/^Striate /, '').replace(/ \((\d) threads?\)$/, ' $1t');
    L.push(`## ${title}`, '', intro, '');
    const head = ['framework'];
    for (const m of metrics) {
      head.push(`${m.title} (median)`, 'min–max');
      for (const ref of refs) head.push(`Striate ${refName(ref)} ÷ this`);
    }
    if (extra) head.push(extra.head);
    L.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '--:')).join('|')}|`);
    for (const def of r.rows[stage]) {
      const cells = [def.peer === 'striate' ? `**${def.label}**` : def.label];
      let any = false;
      for (const m of metrics) {
        const s = stat(values(stage, def.key, m.key));
        if (s) any = true;
        const [med, range0] = cell(s, m.digits);
        const attempts = (r.samples.get(`${stage}/${def.key}`)?.length ?? 0) + (r.failures.has(`${stage}/${def.key}`) ? 1 : 0);
        const range = s && attempts > s.n ? `${range0} (${s.n} of ${attempts} runs ok)` : range0;
        cells.push(s ? med : reasonOf(stage, def), range);
        for (const ref of refs) {
          const rs = stat(values(stage, ref.key, m.key));
          cells.push(s && rs ? (ref.key === def.key ? '1' : fmt(rs.median / s.median, 2)) : 'n/a');
        }
      }
      if (extra) cells.push(any ? extra.get(def) : '');
      L.push(`| ${cells.join(' | ')} |`);
    }
    const dirs = [...new Set(metrics.map((m) => m.better))];
    L.push('');
    flushProblems();
    L.push(`Ratios are Striate's median ÷ the row's median of the same quantity: ${dirs.map((d) => (d === 'higher' ? 'for throughput, above 1 means Striate is faster' : 'for latency, below 1 means Striate is faster')).join('; ')}.`, '');
  };

  table(
    'train', '(a) Training throughput — images/s, batch 64',
    'Each process loads the training set, runs untimed warm-up steps, then times steps (fresh shuffled batches, forward + cross-entropy + backward + Adam) for at least the stated seconds. (e) Peak RSS is VmHWM of that process at its end (data set, runtime and model included).',
    [{ key: 'images_per_second', title: 'images/s', better: 'higher' }],
    { head: '(e) peak RSS MiB (median)', get: (d) => { const s = stat(values('train', d.key, 'peak_rss_mib')); return s ? fmt(s.median, 0) : ''; } },
  );
  if (r.rows.train.some((d) => d.key === 'tfjs-cpu'))
    L.push('TensorFlow.js cpu is timed over its first step (no warm-up), in one repetition only: its `Conv2DBackpropFilter` is a scalar JavaScript loop and one step takes tens of seconds. Stock tfjs-wasm registers no `Conv2DBackpropFilter` kernel; the harness runs one real step to confirm it (no shim is installed). ONNX Runtime\'s npm packages are inference-only.', '');
  table(
    'infer', '(b) Inference — throughput at batch 64, latency at batch 1',
    'Forward pass in inference mode (no autograd tape) on the first 64 test images, output read back to JavaScript / Python; latency is the median wall time of many single-image calls (up to 200 per process). ONNX Runtime runs the same architecture exported by `scripts/export_onnx.py` (PyTorch weights, seed 0, opset 13, dynamic batch).',
    [{ key: 'batch_images_per_second', title: 'batch 64 images/s', better: 'higher' }, { key: 'latency_ms', title: 'batch 1 latency ms', better: 'lower', digits: 3 }],
  );
  table(
    'kernels', '(c) Kernels — GFLOP/s',
    'sgemm: C = A·B, 1024×1024×1024 float32, 2·1024³ FLOPs per call. conv2d: the lecture CNN\'s second convolution forward at batch 64 — input 64×32×13×13, weights 64×32×3×3, output 64×64×11×11, 2·64·64·11·11·32·9 = 285.5 MFLOPs per call (no bias). TensorFlow.js uses its NHWC layout.',
    [{ key: 'gemm_gflops', title: 'sgemm GFLOP/s', better: 'higher' }, { key: 'conv_gflops', title: 'conv2d GFLOP/s', better: 'higher' }],
  );

  L.push(`## (d) ${o.epochs === 5 ? 'Five epochs' : `Epochs (this run: ${o.epochs})`} on the full training set`, '');
  if (r.epochRows.length === 0)
    L.push('Not measured yet: `npm run bench -- --stages epochs --striate-epochs-from FILE` (FILE holding the JSON line of `striate train --json --epochs 5 --data DIR`) runs PyTorch\'s 5 epochs and includes Striate\'s result.', '');
  else {
    L.push(
      `60,000 images per epoch in shuffled batches of 64 (the last one partial), Adam 1e-3, then the 10,000 test images. The recipe is \`striate train\`'s (${RECIPE_NOW}: inputs standardised with the training pixels' mean 0.2860 and std 0.3530, the rate decayed from 1e-3 to 0 by a cosine set before every step); rows saved before 2026-11-30 used ${RECIPE_BEFORE}, as the recipe column says. "Training time" sums the epochs (no evaluation); "process wall" covers the whole process (data loading, training, test). ${r.epochsRanNow ? 'Rows without today\'s date come from earlier runs (bench/results/epochs.json).' : '**This stage was not run this time**: these rows come from earlier runs (bench/results/epochs.json), on their dates.'}`,
      '',
    );
    const striate = r.epochRows.filter((e) => e.key.startsWith('striate'));
    const head = ['framework', 'recipe', 'epochs', 'training time', 'process wall', 'test accuracy', ...striate.map((s) => `${s.label} time per epoch ÷ this`), 'peak RSS MiB', 'date', 'source'];
    L.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '--:')).join('|')}|`);
    const dur = (s: number | null): string => (s === null ? 'n/a' : s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);
    for (const e of r.epochRows) {
      L.push(`| ${e.key.startsWith('striate') ? `**${e.label}**` : e.label} | ${e.recipe ?? RECIPE_BEFORE} | ${e.epochs} | ${dur(e.train_seconds)} | ${dur(e.wall_seconds)} | ${e.test_accuracy === null ? 'n/a' : `${(100 * e.test_accuracy).toFixed(2)} %`} | ${striate.map((s) => (s.train_seconds !== null && e.train_seconds ? fmt(s.train_seconds / s.epochs / (e.train_seconds / e.epochs), 2) : 'n/a')).join(' | ')}${striate.length ? ' | ' : ''}${e.peak_rss_mib === null ? 'n/a' : fmt(e.peak_rss_mib, 0)} | ${e.date.slice(0, 16).replace('T', ' ')} | ${e.source}; ${e.machine} |`);
    }
    if (!striate.length) L.push('', 'No Striate row: pass `--striate-epochs-from FILE` (the JSON line printed by `striate train --json`) or `--striate-epochs-run reference` (~45 min).');
    L.push('', 'A time ratio above 1 means Striate took longer. Rows measured on different days ran under different machine load; compare them loosely.', '');
  }
  L.push('## How to run', '');
  L.push('```');
  L.push('npm run bench                      # every stage, 3 repetitions; (d) runs PyTorch and Striate wasm at 1 and 2 threads (~25 min)');
  L.push('npm run bench -- --quick           # smoke run of (a)-(c), 1 repetition');
  L.push('npm run bench -- --stages infer --repeats 5 --peers striate,ort-node');
  L.push('npm run bench -- --stages epochs --striate-epochs-from run.jsonl   # PyTorch 5 epochs for real + an earlier Striate run');
  L.push('npm run bench -- --striate-epochs-run reference,wasm-2    # (d) with the reference backend too (~45 min more)');
  L.push('```', '');
  return `${L.join('\n')}\n`;
}

function summaryForConsole(report: string): string {
  return `${report.split('\n').filter((l) => l.startsWith('|') || l.startsWith('## (')).join('\n')}\n`;
}

await main();
