/**
 * No leaks without dispose: 3,000 steps of a hand-written PyTorch-style loop (forward, loss, zeroGrad,
 * backward, Adam step) must not grow the heap, RSS or array-buffer memory between steps 1,300–1,500 and
 * 2,800–3,000. Tensors are ordinary garbage once unreachable; nothing here calls dispose.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { manualSeed } from '../../src/tensor/random.js';
import * as nn from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';
import { DataLoader, FashionMNIST } from '../../src/data/index.js';

/**
 * A full garbage collection when one can be had: `global.gc` under --expose-gc, else the V8 flag set at
 * run time (works under `node --test` too); null if neither works.
 */
function findGc(): (() => void) | null {
  if (typeof globalThis.gc === 'function') {
    const g = globalThis.gc;
    return () => void g();
  }
  try {
    setFlagsFromString('--expose-gc');
    const g: unknown = runInNewContext('gc');
    if (typeof g === 'function') return () => void Reflect.apply(g, undefined, []);
  } catch {
    // fall through: compare medians of un-collected samples instead
  }
  return null;
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

// RSS steps up once while the process's allocator warms up (seen between steps 1,000 and 1,500 in an
// 8,000-step run, flat from there to the end), so the windows compared lie after that.
const STEPS = 3000;
const EARLY: [number, number] = [1300, 1500];
const LATE: [number, number] = [STEPS - 200, STEPS];
const SAMPLE_EVERY = 20;

it(`${STEPS} training steps without dispose: memory is flat (growth < 15 %) and the run takes < 60 s`, { timeout: 120_000 }, (t) => {
  const gc = findGc();
  manualSeed(11);
  const model = new nn.Sequential(new nn.Conv2d(1, 8, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(8 * 13 * 13, 10));
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const loader = new DataLoader(FashionMNIST.shipped({ train: true }), { batchSize: 16, shuffle: true });

  const samples: { step: number; heap: number; rss: number; buffers: number }[] = [];
  const losses: number[] = [];
  const t0 = performance.now();
  let step = 0;
  while (step < STEPS) {
    for (const { x, y } of loader) {
      const loss = lossFn.call(model.call(x), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      step++;
      if (step % SAMPLE_EVERY === 0) {
        losses.push(loss.item());
        gc?.();
        const m = process.memoryUsage();
        samples.push({ step, heap: m.heapUsed, rss: m.rss, buffers: m.arrayBuffers });
      }
      if (step === STEPS) break;
    }
  }
  const seconds = (performance.now() - t0) / 1000;

  const window = (lo: number, hi: number): typeof samples => samples.filter((s) => s.step > lo && s.step <= hi);
  const early = window(...EARLY);
  const late = window(...LATE);
  assert.equal(early.length, 200 / SAMPLE_EVERY);
  assert.equal(late.length, 200 / SAMPLE_EVERY);
  const report: string[] = [`${STEPS} steps in ${seconds.toFixed(1)} s (${gc ? 'with' : 'without'} forced gc before each sample)`];
  const metrics: ['heap' | 'rss' | 'buffers', string][] = [['heap', 'heapUsed'], ['rss', 'RSS'], ['buffers', 'arrayBuffers']];
  for (const [key, label] of metrics) {
    const a = median(early.map((s) => s[key]));
    const b = median(late.map((s) => s[key]));
    const growth = (b - a) / a;
    report.push(`${label}: median ${(a / 2 ** 20).toFixed(1)} MiB (steps ${EARLY[0]}–${EARLY[1]}) → ${(b / 2 ** 20).toFixed(1)} MiB (steps ${LATE[0]}–${LATE[1]}), ${(growth * 100).toFixed(1)} %`);
    // arrayBuffers between collections depends on when V8 collects; only meaningful after a forced gc.
    if (key === 'buffers' && !gc) continue;
    assert.ok(growth < 0.15, `${label} grew ${(growth * 100).toFixed(1)} %: ${report.join('; ')}`);
  }
  for (const line of report) t.diagnostic(line);
  assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
  // And it did train.
  assert.ok(median(losses.slice(-20)) < median(losses.slice(0, 5)), `loss ${losses.slice(0, 5)} … ${losses.slice(-5)}`);
});
