/**
 * Memory soak: trains the lecture CNN in a hand-written PyTorch-style loop (no dispose anywhere) on the
 * shipped Fashion-MNIST subset and prints heapUsed / RSS / external every 100 steps, after a full gc,
 * then a summary line comparing the first sample with the last.
 *
 *   node --expose-gc --import tsx bench/memory-soak.ts [--steps 2000] [--batch 32] [--every 100] [--lr 1e-3]
 *
 * Without --expose-gc it enables the gc through V8 flags at run time; failing that, it samples without
 * collecting (noisier). The reference backend does roughly 100 images/s on 2 cores, so 2,000 steps at
 * batch 32 take about 10–12 minutes.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { manualSeed } from '../src/tensor/random.js';
import { crossEntropy } from '../src/nn/losses.js';
import { LectureCNN } from '../src/vision/models/classification/lecture-cnn.js';
import { Adam } from '../src/optim/index.js';
import { DataLoader, FashionMNIST } from '../src/data/index.js';
import { installBuiltinBackends } from '../src/backend/builtin.js';

installBuiltinBackends();

interface Args {
  steps: number;
  batch: number;
  every: number;
  lr: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { steps: 2000, batch: 32, every: 100, lr: 1e-3 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const m = /^--(steps|batch|every|lr)(?:=(.*))?$/.exec(flag);
    if (!m) {
      if (flag === '--help' || flag === '-h') {
        process.stdout.write('usage: node --expose-gc --import tsx bench/memory-soak.ts [--steps 2000] [--batch 32] [--every 100] [--lr 1e-3]\n');
        process.exit(0);
      }
      throw new Error(`memory-soak: unknown argument '${flag}'`);
    }
    const key = m[1] as keyof Args;
    const text = m[2] ?? argv[++i];
    const value = Number(text);
    if (text === undefined || !Number.isFinite(value) || value <= 0 || (key !== 'lr' && !Number.isInteger(value)))
      throw new Error(`memory-soak: --${key} needs a positive ${key === 'lr' ? 'number' : 'integer'}, got '${text ?? ''}'`);
    args[key] = value;
  }
  return args;
}

function findGc(): { gc: (() => void) | null; how: string } {
  if (typeof globalThis.gc === 'function') {
    const g = globalThis.gc;
    return { gc: () => void g(), how: '--expose-gc' };
  }
  try {
    setFlagsFromString('--expose-gc');
    const g: unknown = runInNewContext('gc');
    if (typeof g === 'function') return { gc: () => void Reflect.apply(g, undefined, []), how: 'v8.setFlagsFromString' };
  } catch {
    // no gc available
  }
  return { gc: null, how: 'none (samples are not collected first)' };
}

const mib = (n: number): string => (n / 2 ** 20).toFixed(1).padStart(7);
const pct = (a: number, b: number): string => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;

interface Sample {
  step: number;
  heap: number;
  rss: number;
  external: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { gc, how } = findGc();
  manualSeed(0);
  const model = new LectureCNN();
  const optimizer = new Adam(model.parameters(), { lr: args.lr });
  const loader = new DataLoader(FashionMNIST.shipped({ train: true }), { batchSize: args.batch, shuffle: true, dropLast: true });
  // V8 frees array-buffer backing stores off the main thread after a collection: give it a moment and
  // collect again, or `external` swings by tens of MiB from sample to sample.
  const sample = async (step: number): Promise<Sample> => {
    if (gc) {
      gc();
      await sleep(20);
      gc();
    }
    const m = process.memoryUsage();
    return { step, heap: m.heapUsed, rss: m.rss, external: m.external };
  };
  process.stdout.write(
    `memory-soak: lecture CNN (${model.numParameters().toLocaleString('en-US')} params), ${args.steps} steps, batch ${args.batch}, Adam lr ${args.lr}, gc: ${how}\n`,
  );
  process.stdout.write(`${'step'.padStart(6)} ${'heapUsed'.padStart(11)} ${'RSS'.padStart(11)} ${'external'.padStart(11)} ${'loss'.padStart(8)} ${'img/s'.padStart(7)}\n`);
  const samples: Sample[] = [await sample(0)];
  const print = (s: Sample, loss: number, ips: number): void =>
    void process.stdout.write(
      `${String(s.step).padStart(6)} ${mib(s.heap)} MiB ${mib(s.rss)} MiB ${mib(s.external)} MiB ${loss.toFixed(4).padStart(8)} ${ips.toFixed(0).padStart(7)}\n`,
    );
  print(samples[0]!, Number.NaN, 0);
  const t0 = performance.now();
  let tLast = t0;
  let step = 0;
  let lossSum = 0;
  while (step < args.steps) {
    for (const { x, y } of loader) {
      const loss = crossEntropy(model.call(x), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      lossSum += loss.item();
      step++;
      if (step % args.every === 0 || step === args.steps) {
        const now = performance.now();
        const stepsHere = step % args.every === 0 ? args.every : step % args.every;
        const s = await sample(step);
        samples.push(s);
        print(s, lossSum / stepsHere, (stepsHere * args.batch) / ((now - tLast) / 1000));
        lossSum = 0;
        tLast = performance.now();
      }
      if (step === args.steps) break;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  // The first sample after warm-up (step `every`) is the fair baseline: step 0 precedes any allocation.
  const first = samples.length > 2 ? samples[1]! : samples[0]!;
  const last = samples[samples.length - 1]!;
  process.stdout.write(
    `summary: ${args.steps} steps in ${seconds.toFixed(1)} s (${((args.steps * args.batch) / seconds).toFixed(0)} img/s); ` +
      `step ${first.step} → ${last.step}: heapUsed ${mib(first.heap).trim()} → ${mib(last.heap).trim()} MiB (${pct(first.heap, last.heap)}), ` +
      `RSS ${mib(first.rss).trim()} → ${mib(last.rss).trim()} MiB (${pct(first.rss, last.rss)}), ` +
      `external ${mib(first.external).trim()} → ${mib(last.external).trim()} MiB (${pct(first.external, last.external)})\n`,
  );
  // Medians of the first and last quarter of the samples after warm-up: steadier than two single samples.
  const warm = samples.slice(1);
  if (warm.length >= 8) {
    const q = Math.floor(warm.length / 4);
    const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const parts = (['heap', 'rss', 'external'] as const).map((k) => {
      const a = med(warm.slice(0, q).map((s) => s[k]));
      const b = med(warm.slice(-q).map((s) => s[k]));
      return `${k === 'heap' ? 'heapUsed' : k === 'rss' ? 'RSS' : 'external'} ${mib(a).trim()} → ${mib(b).trim()} MiB (${pct(a, b)})`;
    });
    process.stdout.write(`medians (first vs last quarter of samples): ${parts.join(', ')}\n`);
  }
}

await main();
