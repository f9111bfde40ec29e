/**
 * Training runs (the end-to-end learning test is in end-to-end.test.ts): a non-finite loss stops
 * the run and leaves the last checkpoint intact; resuming from a mid-epoch or epoch-end checkpoint in a
 * fresh "process" reproduces the uninterrupted run bit for bit; SIGKILLs during saves never leave a
 * checkpoint that fails to load.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readdir } from 'node:fs/promises';
import { defaultGenerator, manualSeed } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { Module } from '../../src/nn/module.js';
import { crossEntropy } from '../../src/nn/losses.js';
import { buildModel } from '../../src/models/registry.js';
import { Adam, SGD, cosineDecay } from '../../src/optim/index.js';
import type { OptimizerStateDict } from '../../src/optim/index.js';
import { fitLoop, NonFiniteLossError } from '../../src/train/fit.js';
import type { TrainerState } from '../../src/train/fit.js';
import { BatchLearningRateScheduler, ModelCheckpoint } from '../../src/train/callbacks.js';
import type { Callback, Logs } from '../../src/train/callbacks.js';
import { SilentProgress } from '../../src/train/progress.js';
import { saveCheckpoint } from '../../src/train/checkpoint.js';
import { loadCheckpoint } from '../../src/models/checkpoint.js';
import { readCheckpointDir, writeCheckpointDir } from '../../src/io/index.js';
import { SMALL_CONFIG, makeTempDir, smallLoader, spawnFixture, weightsHash } from './helpers.js';

const tmp = makeTempDir();
after(tmp.cleanup);

const silent = new SilentProgress();

/** History without the wall-clock entries (images_per_second, epoch_seconds). */
function withoutTimings(h: Record<string, number[]>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'images_per_second' && k !== 'epoch_seconds'));
}

function optimizerEqual(a: OptimizerStateDict, b: OptimizerStateDict): void {
  assert.deepEqual(a.config, b.config);
  assert.deepEqual(Object.keys(a.tensors).sort(), Object.keys(b.tensors).sort());
  for (const [k, t] of Object.entries(a.tensors)) assert.deepEqual(t.dataSync(), b.tensors[k]!.dataSync(), k);
}

describe('non-finite loss', () => {
  it('raises NonFiniteLossError naming the step at the first read after it, before any checkpoint; the last checkpoint stays loadable and unchanged', async () => {
    manualSeed(3);
    const dir = join(tmp.dir, 'nan');
    const model = buildModel(SMALL_CONFIG);
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    let calls = 0;
    const NAN_AT = 8;
    const loss = (o: Tensor, t: Tensor): Tensor => {
      calls++;
      const l = crossEntropy(o, t);
      return calls === NAN_AT ? l.mul(Number.NaN) : l;
    };
    let saved: { step: number; hash: string; files: Record<string, Uint8Array> } | null = null;
    const saver = async (d: string, state: TrainerState, logs: Logs): Promise<void> => {
      await saveCheckpoint(d, { model, config: SMALL_CONFIG, optimizer, trainer: state, metrics: logs });
      saved = { step: state.globalStep, hash: weightsHash(model), files: (await readCheckpointDir(d)).files };
    };
    const ended: number[] = [];
    const watch: Callback = { onBatchEnd: (step) => void ended.push(step) };
    await assert.rejects(
      fitLoop({
        model, loss, optimizer, train: smallLoader(320, 16), epochs: 2, progress: silent, callbacks: [watch],
        saveCheckpoint: saver, checkpointEvery: { dir, steps: 3 },
      }),
      (e: unknown) => {
        assert.ok(e instanceof NonFiniteLossError, String(e));
        assert.equal(e.step, NAN_AT);
        assert.equal(e.epoch, 0);
        assert.equal(e.batch, NAN_AT - 1);
        assert.ok(Number.isNaN(e.value));
        assert.match(e.message, new RegExp(`loss became NaN at step ${NAN_AT} \\(epoch 1, batch ${NAN_AT}\\)`));
        assert.match(e.message, /last saved checkpoint is unchanged/);
        return true;
      },
    );
    // Losses are read every 10 steps and before each checkpoint (every 3): the one due after step 9 read
    // step 8's NaN and stopped the run before writing, and before step 9's callbacks.
    assert.equal(calls, NAN_AT + 1, 'training stopped at the first read after the NaN');
    assert.deepEqual(ended, [1, 2, 3, 4, 5, 6, 7, 8]);
    // The checkpoint of step 6 is there, byte for byte, and loads with finite weights.
    assert.ok(saved);
    const last: { step: number; hash: string; files: Record<string, Uint8Array> } = saved;
    assert.equal(last.step, 6);
    const now = await readCheckpointDir(dir);
    assert.deepEqual(Object.keys(now.files).sort(), Object.keys(last.files).sort());
    for (const [name, bytes] of Object.entries(last.files)) assert.ok(Buffer.from(bytes).equals(Buffer.from(now.files[name]!)), `${name} changed`);
    const ck = await loadCheckpoint(dir);
    assert.equal(ck.trainer?.globalStep, 6);
    assert.equal(weightsHash(ck.model), last.hash);
    for (const p of ck.model.parameters()) assert.ok(p.dataSync().every(Number.isFinite));
    assert.ok(ck.optimizerState);
    assert.ok(Number.isFinite(ck.metrics?.['loss']));
  });

  it('with logEvery 1 the run stops at the non-finite step itself; with logEvery 4 at the read after it', async () => {
    for (const [logEvery, stoppedAfter] of [[1, 3], [4, 4]] as const) {
      manualSeed(3);
      const model = buildModel(SMALL_CONFIG);
      const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
      let calls = 0;
      const loss = (o: Tensor, t: Tensor): Tensor => (++calls === 3 ? crossEntropy(o, t).div(0) : crossEntropy(o, t));
      await assert.rejects(
        fitLoop({ model, loss, optimizer, train: smallLoader(160, 16), epochs: 1, progress: silent, logEvery }),
        (e: unknown) => e instanceof NonFiniteLossError && e.step === 3 && e.value === Infinity,
      );
      assert.equal(calls, stoppedAfter, `logEvery ${logEvery}`);
    }
  });

  it('SGD with a learning rate of 1e6 blows up within a few steps: a NonFiniteLossError with its step', async () => {
    manualSeed(4);
    const model = buildModel(SMALL_CONFIG);
    const optimizer = new SGD(model.parameters(), { lr: 1e6 });
    let steps = 0;
    const count: Callback = { onBatchEnd: () => void steps++ };
    await assert.rejects(
      fitLoop({ model, loss: (o, t) => crossEntropy(o, t), optimizer, train: smallLoader(640, 16), epochs: 3, progress: silent, callbacks: [count] }),
      (e: unknown) => {
        assert.ok(e instanceof NonFiniteLossError, String(e));
        assert.ok(e.step <= 5, `diverged only at step ${e.step}`);
        // Thrown by the first read after it (every 10 steps), before that step's callbacks.
        assert.equal(steps + 1, Math.ceil(e.step / 10) * 10, 'stopped at the first flush after the failing step');
        assert.match(e.message, new RegExp(`at step ${e.step} `));
        return true;
      },
    );
  });
});

describe('resume', () => {
  const SEED = 2024;
  const N = 160; // 10 batches of 16 per epoch
  const EPOCHS = 2;

  /** One training "process": fresh model, optimiser and loader; optionally resuming from a checkpoint dir. */
  async function run(opts: { resumeFrom?: string; saveTo?: string }): Promise<{ model: Module; optimizer: Adam; history: Record<string, number[]> }> {
    let model: Module;
    let optimizer: Adam;
    let resume: TrainerState | null = null;
    if (opts.resumeFrom) {
      manualSeed(777); // a different seed: everything that matters must come from the checkpoint
      const ck = await loadCheckpoint(opts.resumeFrom);
      model = ck.model;
      optimizer = new Adam(model.parameters(), { lr: 1e-3 });
      assert.ok(ck.optimizerState && ck.trainer);
      optimizer.loadStateDict(ck.optimizerState);
      defaultGenerator.setState(ck.trainer.rngNow);
      resume = ck.trainer;
    } else {
      manualSeed(SEED);
      model = buildModel(SMALL_CONFIG);
      optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    }
    const saveTo = opts.saveTo;
    const saver = saveTo
      ? async (d: string, state: TrainerState, logs: Logs): Promise<void> =>
          saveCheckpoint(join(d, `step-${state.globalStep}`), { model, config: SMALL_CONFIG, optimizer, trainer: state, metrics: logs })
      : null;
    const h = await fitLoop({
      model, optimizer, loss: (o, t) => crossEntropy(o, t), train: smallLoader(N, 16), epochs: EPOCHS, accuracy: true, progress: silent, resume,
      saveCheckpoint: saver,
      checkpointEvery: saveTo ? { dir: join(saveTo, 'every'), steps: 7 } : null,
      // The CLI's default per-step cosine schedule: the rates must continue exactly after resuming.
      callbacks: [new BatchLearningRateScheduler(cosineDecay(1e-3, EPOCHS * 10)), ...(saveTo ? [new ModelCheckpoint(join(saveTo, 'epoch'))] : [])],
    });
    return { model, optimizer, history: h.history };
  }

  let reference: Awaited<ReturnType<typeof run>>;
  const ckRoot = join(tmp.dir, 'resume');

  it('checkpointing does not perturb a run; mid-epoch (checkpointEvery) and epoch-end (ModelCheckpoint) checkpoints are written', async () => {
    reference = await run({ saveTo: ckRoot });
    const plain = await run({});
    assert.equal(weightsHash(plain.model), weightsHash(reference.model));
    assert.deepEqual(withoutTimings(plain.history), withoutTimings(reference.history));
    assert.deepEqual((await readdir(join(ckRoot, 'every'))).filter((n) => n.startsWith('step-')).sort(), ['step-14', 'step-7']);
    assert.deepEqual((await readdir(join(ckRoot, 'epoch'))).filter((n) => n.startsWith('step-')).sort(), ['step-10', 'step-20']);
    const mid = await loadCheckpoint(join(ckRoot, 'every', 'step-7'));
    assert.deepEqual([mid.trainer?.epoch, mid.trainer?.batch, mid.trainer?.globalStep], [0, 7, 7]);
    const end = await loadCheckpoint(join(ckRoot, 'epoch', 'step-10'));
    assert.deepEqual([end.trainer?.epoch, end.trainer?.batch, end.trainer?.globalStep], [1, 0, 10]);
    assert.equal(end.trainer?.history['loss']?.length, 1);
    assert.deepEqual(reference.history['lr'], [cosineDecay(1e-3, EPOCHS * 10)(9), cosineDecay(1e-3, EPOCHS * 10)(19)]);
  });

  for (const [what, sub] of [
    ['mid-epoch 1 (step 7 of 20)', join('every', 'step-7')],
    ['mid-epoch 2 (step 14 of 20)', join('every', 'step-14')],
    ['the end of epoch 1 (step 10 of 20)', join('epoch', 'step-10')],
  ] as const) {
    it(`resuming in a fresh process from ${what} gives bit-identical final weights and optimiser state`, async () => {
      assert.ok(reference, 'the reference run completed');
      const resumed = await run({ resumeFrom: join(ckRoot, sub) });
      assert.equal(weightsHash(resumed.model), weightsHash(reference.model));
      const ref = reference.model.stateDict();
      for (const [name, t] of Object.entries(resumed.model.stateDict())) assert.deepEqual(t.dataSync(), ref[name]!.dataSync(), name);
      optimizerEqual(resumed.optimizer.stateDict(), reference.optimizer.stateDict());
      // The history carried through the checkpoint and continued equals the uninterrupted run's.
      assert.deepEqual(withoutTimings(resumed.history), withoutTimings(reference.history));
    });
  }

  it('the mid-epoch checkpoint carries the interrupted epoch\'s running totals', async () => {
    const mid = await loadCheckpoint(join(ckRoot, 'every', 'step-7'));
    assert.equal(mid.trainer?.epochTotals?.seen, 7 * 16);
    const end = await loadCheckpoint(join(ckRoot, 'epoch', 'step-10'));
    assert.deepEqual(end.trainer?.epochTotals, { seen: 0, logs: {} });
  });

  it('a mid-epoch checkpoint with the old running totals ({ seen, lossSum, correct }) resumes to the same history', async () => {
    const ck = await readCheckpointDir(join(ckRoot, 'every', 'step-7'));
    const trainer = JSON.parse(new TextDecoder().decode(ck.files['trainer.json'])) as TrainerState;
    const logs = trainer.epochTotals?.logs;
    assert.ok(logs?.['loss'] && logs['accuracy']);
    trainer.epochTotals = { seen: trainer.epochTotals!.seen, lossSum: logs['loss'].sum, correct: logs['accuracy'].sum };
    const oldDir = join(ckRoot, 'old-totals');
    await writeCheckpointDir(oldDir, { ...ck.files, 'trainer.json': JSON.stringify(trainer) });
    const resumed = await run({ resumeFrom: oldDir });
    assert.equal(weightsHash(resumed.model), weightsHash(reference.model));
    assert.deepEqual(withoutTimings(resumed.history), withoutTimings(reference.history));
  });
});

describe('SIGKILL during saves', () => {
  const KILLS = 4;
  it(`after ${KILLS} SIGKILLs at random moments the checkpoint always loads as a complete saved version`, { timeout: 90_000 }, async (t) => {
    const dir = join(tmp.dir, 'killed', 'ckpt');
    const printed = new Map<number, string>(); // version → weights hash printed before saving it
    let lastCompleted = -1;
    let killedMidSave = 0;
    for (let k = 0; k < KILLS; k++) {
      const child = spawnFixture('train-and-save', [dir, String(k * 1000)]);
      const lines: string[] = [];
      let partial = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        lines.push(...parts);
      });
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
      const exited = new Promise<NodeJS.Signals | null>((res) => child.once('exit', (_code, signal) => res(signal)));
      // Wait for the first completed save, then kill at a random moment within the next ~half second.
      const deadline = Date.now() + 30_000;
      while (!lines.some((l) => l.startsWith('saved '))) {
        assert.ok(Date.now() < deadline, `the writer never saved: ${stderr}`);
        assert.equal(child.exitCode, null, `the writer exited: ${stderr}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, Math.random() * 500));
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL', `writer exited on its own: ${stderr}`);
      for (const l of lines) {
        const [tag, v, hash] = l.split(' ');
        if (tag === 'saving') printed.set(Number(v), hash!);
        if (tag === 'saved') lastCompleted = Math.max(lastCompleted, Number(v));
      }
      const last = lines.filter((l) => l.length).at(-1) ?? '';
      if (last.startsWith('saving ')) killedMidSave++;

      const ck = await loadCheckpoint(dir);
      const version = ck.metrics?.['version'];
      assert.ok(version !== undefined && printed.has(version), `loaded version ${version} was never saved`);
      assert.ok(version >= lastCompleted, `loaded version ${version} is older than the last completed save ${lastCompleted}`);
      assert.equal(weightsHash(ck.model), printed.get(version), `version ${version}: weights differ from what was saved`);
      assert.equal(ck.model.numParameters(), 292_234);
      assert.ok(ck.optimizerState && ck.trainer, 'optimiser and trainer state are there too');
      assert.equal(ck.trainer.globalStep, version - k * 1000 + 1);
    }
    // Not an assertion (timing-dependent), but worth seeing.
    t.diagnostic(`${killedMidSave} of ${KILLS} kills landed between 'saving' and 'saved'; ${printed.size} versions written`);
  });
});
