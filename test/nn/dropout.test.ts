/**
 * F.dropout with its mask drawn on the backend (`randomUniform`): keep rate, the 1/(1 − p) scaling and
 * its gradient, reproducibility from a generator (and its saved state), on every backend configuration,
 * and the same mask on all of them.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { fromTypedArray, Generator, ones, sum } from '../../src/index.js';
import { dropout } from '../../src/nn/functional.js';
import { BACKEND_CONFIGS, configuredBackend, onEachBackend, selectBackend } from '../helpers/backends.js';
import { makeRng } from '../helpers/rng.js';

const N = 1 << 16;

function inputs(n: number, seed: number): Float32Array {
  const rng = makeRng(seed);
  return Float32Array.from({ length: n }, () => rng() * 4 - 2);
}

onEachBackend('F.dropout', () => {
  it('keeps each element with probability 1 − p (within 5σ) and scales survivors by fround(1/(1 − p))', () => {
    const x = inputs(N, 1);
    for (const p of [0.1, 0.5, 0.8]) {
      const scale = Math.fround(1 / (1 - p));
      const y = dropout(fromTypedArray(x.slice(), [N], 'float32'), p, true, new Generator(3)).toArray();
      let kept = 0;
      y.forEach((v, i) => {
        if (v === 0) return;
        kept++;
        assert.equal(v, Math.fround(x[i]! * scale), `p=${p}: element ${i}`);
      });
      const sigma = Math.sqrt((p * (1 - p)) / N);
      assert.ok(Math.abs(kept / N - (1 - p)) < 5 * sigma, `p=${p}: kept ${kept} of ${N}`);
    }
  });

  it('the gradient is the mask: fround(1/(1 − p)) where kept, 0 where dropped', () => {
    const x = ones([4096]).requiresGrad_();
    const y = dropout(x, 0.3, true, new Generator(5));
    sum(y).backward();
    const scale = Math.fround(1 / 0.7);
    assert.deepEqual(x.grad!.toArray(), y.toArray().map((v) => (v === 0 ? 0 : scale)));
  });

  it('is reproducible from a generator and from its saved state; each call draws a new mask', () => {
    const g = new Generator(42);
    const a = dropout(ones([512]), 0.5, true, g).toArray();
    const saved = g.getState();
    const b = dropout(ones([512]), 0.5, true, g).toArray();
    assert.notDeepEqual(a, b);
    assert.deepEqual(dropout(ones([512]), 0.5, true, new Generator(42)).toArray(), a);
    const resumed = new Generator(0);
    resumed.setState(saved);
    assert.deepEqual(dropout(ones([512]), 0.5, true, resumed).toArray(), b);
  });

  it('is the identity when not training or p = 0, zero at p = 1, and rejects p outside [0, 1]', () => {
    const x = fromTypedArray(inputs(33, 2), [3, 11], 'float32');
    assert.equal(dropout(x, 0.5, false), x);
    assert.equal(dropout(x, 0), x);
    assert.ok(dropout(x, 1).toArray().every((v) => v === 0));
    assert.throws(() => dropout(x, 1.5), /dropout: p must be in \[0, 1\], got 1.5/);
  });
});

it('draws the same mask on every backend configuration', async () => {
  const run = async (i: number): Promise<number[]> => {
    const restore = selectBackend((await configuredBackend(BACKEND_CONFIGS[i]!)).backend);
    try {
      return dropout(fromTypedArray(inputs(1003, 4), [17, 59], 'float32'), 0.25, true, new Generator(9)).toArray();
    } finally {
      restore();
    }
  };
  const want = await run(0);
  for (let i = 1; i < BACKEND_CONFIGS.length; i++) assert.deepEqual(await run(i), want, BACKEND_CONFIGS[i]!.id);
});
