/**
 * Page script of default.test.ts (bundled to default-entry.js): imports Striate through its browser
 * entry, with no backend chosen, on the page's main thread; trains a tiny CNN for a few SGD steps and
 * publishes which backend ran, how, and the losses, as JSON in `<pre id="result">`.
 */
import { getBackend, manualSeed, nn, F, randn, randint, SGD, layers, sequential } from '../../../src/browser.js';

/** Keras style in the page: compile + fit for 3 epochs on random data; the per-epoch losses. */
async function kerasLosses(): Promise<number[]> {
  manualSeed(1);
  const model = sequential([
    layers.Conv2D(4, 3, { activation: 'relu', inputShape: [8, 8, 1] }),
    layers.MaxPool2D({ poolSize: 2 }),
    layers.Flatten(),
    layers.Dense(3, { activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const history = await model.fit(randn([16, 8, 8, 1]), randint(0, 3, [16]), { epochs: 3, batchSize: 8, verbose: 0 });
  return history.history['loss'] ?? [];
}

function report(): object {
  const b = getBackend();
  manualSeed(0);
  const model = new nn.Sequential(new nn.Conv2d(1, 4, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(4 * 3 * 3, 3));
  const opt = new SGD(model.parameters(), { lr: 0.1 });
  const x = randn([8, 1, 8, 8]);
  const y = randint(0, 3, [8]);
  const losses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const loss = F.crossEntropy(model.call(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  return {
    ok: true, backend: b.name, threads: Reflect.get(b, 'threads') ?? 1, sharedMemory: Reflect.get(b, 'sharedMemory') ?? null,
    crossOriginIsolated: globalThis.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, losses,
  };
}

let result: object;
try {
  result = { ...report(), kerasLosses: await kerasLosses() };
} catch (e) {
  result = { ok: false, error: e instanceof Error ? e.message : String(e) };
}
const pre = document.createElement('pre');
pre.id = 'result';
pre.textContent = JSON.stringify(result);
document.body.append(pre);
