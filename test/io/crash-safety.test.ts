/**
 * Crash safety under real SIGKILLs: a child process saves ~20 MB checkpoints (or an 8 MB file)
 * in a loop and is killed at random moments, or kills itself at a chosen step of the swap.
 * After every kill the checkpoint must load as one complete version that was written, no older
 * than the last save the child reported finished.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import {
  cleanupStale, readCheckpointDir, recoverCheckpointDir, resolveCheckpointDir, type CheckpointStep,
} from '../../src/io/index.js';
import { checkpointVersion, singleFileVersion } from './fixtures/checkpoint-content.js';
import { exited, makeTempDir, sleep, spawnFixture, waitForLine, watchOutput } from './helpers.js';

const tmp = makeTempDir();
after(tmp.cleanup);

/** Versions run `r` saves are `r * RUN_STRIDE + 1, + 2, ...`. */
const RUN_STRIDE = 1000;
const KILLS = 10;

/** Runs the writer, SIGKILLs it `delayMs` after it is ready; returns the versions it reported saved. */
async function runAndKill(args: string[], delayMs: number): Promise<number[]> {
  const child = spawnFixture('checkpoint-writer', args);
  const out = watchOutput(child);
  await waitForLine(out.lines, (l) => l === 'ready', 15_000, out.stderr);
  await sleep(delayMs);
  child.kill('SIGKILL');
  const { signal } = await exited(child);
  assert.equal(signal, 'SIGKILL', `writer exited on its own: ${out.stderr()}`);
  return out.lines.filter((l) => l.startsWith('saved ')).map((l) => Number(l.slice(6)));
}

test(`checkpoint dir survives ${KILLS} random SIGKILLs mid-save`, { timeout: 60_000 }, async (t) => {
  const dir = join(tmp.dir, 'random', 'ckpt');
  await mkdir(join(tmp.dir, 'random'));
  let onDisk: number | null = null; // version found after the previous kill
  const seen = { recovered: 0, leftovers: 0, saves: [] as number[] };
  for (let run = 1; run <= KILLS; run++) {
    const base = run * RUN_STRIDE;
    // Spread the kills over the first ~half second of saving, with jitter.
    const delay = Math.floor(((run - 1) / KILLS) * 500 + Math.random() * 50);
    const saved = await runAndKill(['dir', dir, String(base + 1)], delay);

    seen.saves.push(saved.length);
    const resolved = await resolveCheckpointDir(dir);
    const loaded = resolved === null ? null : await readCheckpointDir(dir);
    const version = loaded === null ? null : checkpointVersion(loaded.files);
    const lastSaved = saved.at(-1);
    const allowed: (number | null)[] = lastSaved !== undefined ? [lastSaved, lastSaved + 1] : [onDisk, base + 1];
    assert.ok(allowed.includes(version), `run ${run} (kill after ${delay} ms, saved ${saved.join(',') || 'none'}): found version ${version}, expected one of ${allowed.join(', ')}`);
    if (loaded?.recovered === true) seen.recovered++;
    const siblings = (await readdir(join(tmp.dir, 'random'))).filter((n) => n !== 'ckpt');
    if (siblings.length > 0) seen.leftovers++;
    onDisk = version;
  }
  assert.ok(onDisk !== null && onDisk > RUN_STRIDE, 'at least one save completed over all runs');
  await recoverCheckpointDir(dir);
  await cleanupStale(dir);
  assert.deepEqual(await readdir(join(tmp.dir, 'random')), ['ckpt'], 'recover + cleanupStale leave only the checkpoint');
  assert.equal(checkpointVersion((await readCheckpointDir(dir)).files), onDisk);
  t.diagnostic(`saves completed per run: ${seen.saves.join(', ')}; kills that left leftovers: ${seen.leftovers}; found between the renames: ${seen.recovered}`);
});

/** What must be on disk after the writer kills itself at each step while saving version 2. */
const STEP_CASES: { step: CheckpointStep; version: number; recovered: boolean; sibling: RegExp }[] = [
  { step: 'temp-written', version: 1, recovered: false, sibling: /^ckpt\.tmp-\d+-[0-9a-f]+$/ },
  { step: 'old-moved', version: 1, recovered: true, sibling: /^ckpt\.(tmp|old)-\d+-[0-9a-f]+$/ },
  { step: 'committed', version: 2, recovered: false, sibling: /^ckpt\.old-\d+-[0-9a-f]+$/ },
];

for (const c of STEP_CASES) {
  test(`checkpoint dir survives a SIGKILL at step "${c.step}"`, { timeout: 30_000 }, async () => {
    const parent = join(tmp.dir, `step-${c.step}`);
    const dir = join(parent, 'ckpt');
    const child = spawnFixture('checkpoint-writer', ['dir', dir, '1', c.step]);
    const out = watchOutput(child);
    const { signal } = await exited(child);
    assert.equal(signal, 'SIGKILL', `writer did not crash as planned: ${out.stderr()}`);
    assert.deepEqual(out.lines.filter((l) => l.startsWith('saved')), ['saved 1']);

    const siblings = (await readdir(parent)).filter((n) => n !== 'ckpt');
    assert.ok(siblings.length > 0 && siblings.every((n) => c.sibling.test(n)), `leftovers: ${siblings.join(', ')}`);
    const loaded = await readCheckpointDir(dir);
    assert.equal(loaded.recovered, c.recovered);
    assert.equal(checkpointVersion(loaded.files), c.version);

    await recoverCheckpointDir(dir);
    await cleanupStale(dir);
    assert.deepEqual(await readdir(parent), ['ckpt']);
    const after = await readCheckpointDir(dir);
    assert.equal(after.recovered, false);
    assert.equal(checkpointVersion(after.files), c.version);
  });
}

test('writeFileAtomic survives random SIGKILLs mid-write', { timeout: 30_000 }, async () => {
  const parent = join(tmp.dir, 'single');
  const file = join(parent, 'weights.bin');
  await mkdir(parent, { recursive: true });
  let onDisk: number | null = null;
  for (let run = 1; run <= 4; run++) {
    const base = run * RUN_STRIDE;
    const delay = Math.floor(Math.random() * 150 + (run - 1) * 60);
    const saved = await runAndKill(['file', file, String(base + 1)], delay);
    let version: number | null = null;
    try {
      version = singleFileVersion(await readFile(file));
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'ENOENT')) throw err;
    }
    const lastSaved = saved.at(-1);
    const allowed: (number | null)[] = lastSaved !== undefined ? [lastSaved, lastSaved + 1] : [onDisk, base + 1];
    assert.ok(allowed.includes(version), `run ${run}: found ${version}, expected one of ${allowed.join(', ')}`);
    onDisk = version;
    const names = await readdir(parent).catch(() => []);
    assert.ok(names.every((n) => n === 'weights.bin' || /^\.weights\.bin\.tmp-\d+-[0-9a-f]+$/.test(n)), names.map((n) => basename(n)).join());
  }
});
