/**
 * `striate train --resume`, from the command line: a run killed part-way (SIGKILL, at whatever moment the
 * poll lands) and resumed with the same command ends with exactly the weights, history and test accuracy
 * of the run that was never interrupted. The default recipe's per-step cosine rate is part of what must
 * continue exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { loadCheckpoint } from '../../src/models/checkpoint.js';

const bin = join(repoRoot, 'bin', 'striate.js');
const STEPS = 2 * (1280 / 32); // 2 epochs of 1,280 images in batches of 32
const ARGS = ['train', '--epochs', '2', '--train-limit', '1280', '--test-limit', '200', '--batch-size', '32', '--checkpoint-every', '3', '--threads', '2', '--quiet', '--json'];

function generation(out: string): number {
  try {
    return (JSON.parse(readFileSync(join(out, 'checkpoint', 'MANIFEST.json'), 'utf8')) as { generation: number }).generation;
  } catch {
    return 0;
  }
}

function lastJson(stdout: string): { test_accuracy: number; history: Record<string, number[]> } {
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { test_accuracy: number; history: Record<string, number[]> };
}

test('a run killed part-way and resumed with the same command ends with the uninterrupted run\'s weights', { timeout: 240_000 }, async () => {
  const whole = mkdtempSync(join(tmpdir(), 'striate-whole-'));
  const a = spawnSync(process.execPath, [bin, ...ARGS, '--out', whole], { encoding: 'utf8', cwd: repoRoot, timeout: 120_000 });
  assert.equal(a.status, 0, a.stderr);

  const cut = mkdtempSync(join(tmpdir(), 'striate-cut-'));
  const child = spawn(process.execPath, [bin, ...ARGS, '--out', cut], { cwd: repoRoot, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((res) => child.once('exit', (_code, signal) => res(signal)));
  const deadline = Date.now() + 60_000;
  while (generation(cut) < 4) {
    assert.ok(Date.now() < deadline, 'the interrupted run never wrote its fourth checkpoint');
    assert.equal(child.exitCode, null, 'the run ended before it could be interrupted');
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  const atKill = await loadCheckpoint(join(cut, 'checkpoint'));
  const stepAtKill = atKill.trainer?.globalStep ?? -1;
  assert.ok(stepAtKill > 0 && stepAtKill < STEPS, `killed part-way: the checkpoint is at step ${stepAtKill} of ${STEPS}`);

  const b = spawnSync(process.execPath, [bin, ...ARGS, '--out', cut, '--resume'], { encoding: 'utf8', cwd: repoRoot, timeout: 120_000 });
  assert.equal(b.status, 0, b.stderr);
  const [ra, rb] = [lastJson(a.stdout), lastJson(b.stdout)];
  assert.equal(rb.test_accuracy, ra.test_accuracy);
  for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) assert.deepEqual(rb.history[k], ra.history[k], k);
  const [ca, cb] = [await loadCheckpoint(join(whole, 'checkpoint')), await loadCheckpoint(join(cut, 'checkpoint'))];
  const wa = ca.model.stateDict();
  for (const [name, t] of Object.entries(cb.model.stateDict())) assert.deepEqual(t.dataSync(), wa[name]!.dataSync(), `${name} (resumed from step ${stepAtKill})`);
  assert.equal(cb.trainer?.globalStep, STEPS);
});
