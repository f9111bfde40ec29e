/**
 * Checkpoint directories and atomic files in-process: save/load, manifests, recovery from each
 * state an interrupted swap can leave, and cleanup of leftovers.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import {
  cleanupStale, readCheckpointDir, recoverCheckpointDir, resolveCheckpointDir, writeCheckpointDir, writeFileAtomic,
  type CheckpointStep,
} from '../../src/io/index.js';
import { makeTempDir } from './helpers.js';

const tmp = makeTempDir();
after(tmp.cleanup);
let counter = 0;
/** A fresh checkpoint path inside its own parent directory. */
async function freshDir(): Promise<{ parent: string; dir: string }> {
  const parent = join(tmp.dir, `case-${counter++}`);
  await mkdir(parent);
  return { parent, dir: join(parent, 'ckpt') };
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const files = (v: number): Record<string, string> => ({ 'a.txt': `a${v}`, 'b.bin': `b${v}`.repeat(v + 1) });

test('writeFileAtomic creates and replaces a file, leaving no temp files', async () => {
  const { parent } = await freshDir();
  const path = join(parent, 'x.bin');
  await writeFileAtomic(path, 'first');
  await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...(await readFile(path))], [1, 2, 3]);
  assert.deepEqual(await readdir(parent), ['x.bin']);
  await assert.rejects(writeFileAtomic(join(parent, 'missing', 'x.bin'), 'y'), { code: 'ENOENT' });
  assert.deepEqual(await readdir(parent), ['x.bin']);
});

test('writeCheckpointDir saves, replaces, and reports steps; the manifest lists sizes and hashes', async () => {
  const { parent, dir } = await freshDir();
  const steps: CheckpointStep[] = [];
  const m1 = await writeCheckpointDir(dir, files(1), { onStep: (s) => void steps.push(s) });
  assert.deepEqual(steps, ['temp-written', 'committed', 'done'], 'no old version to move on a first save');
  assert.equal(m1.generation, 1);
  assert.deepEqual(Object.keys(m1.files).sort(), ['a.txt', 'b.bin']);
  assert.equal(m1.files['b.bin']!.size, 4);
  assert.match(m1.files['a.txt']!.sha256, /^[0-9a-f]{64}$/);

  steps.length = 0;
  const m2 = await writeCheckpointDir(dir, files(2), { onStep: (s) => void steps.push(s) });
  assert.deepEqual(steps, ['temp-written', 'old-moved', 'committed', 'done']);
  assert.equal(m2.generation, 2);
  assert.deepEqual(await readdir(parent), ['ckpt'], 'no leftovers after a save');
  assert.deepEqual((await readdir(dir)).sort(), ['MANIFEST.json', 'a.txt', 'b.bin']);

  const loaded = await readCheckpointDir(dir);
  assert.equal(loaded.recovered, false);
  assert.equal(text(loaded.files['a.txt']!), 'a2');
  assert.equal(text(loaded.files['b.bin']!), 'b2b2b2');
  const only = await readCheckpointDir(dir, ['a.txt']);
  assert.deepEqual(Object.keys(only.files), ['a.txt']);
  await assert.rejects(readCheckpointDir(dir, ['nope']), /has no file\(s\) nope/);
});

test('concurrent saves to one directory from one process are serialised', async () => {
  const { parent, dir } = await freshDir();
  const results = await Promise.all([1, 2, 3, 4].map((v) => writeCheckpointDir(dir, files(v))));
  assert.deepEqual(results.map((m) => m.generation), [1, 2, 3, 4]);
  assert.equal(text((await readCheckpointDir(dir)).files['a.txt']!), 'a4');
  assert.deepEqual(await readdir(parent), ['ckpt']);
});

test('rejects bad file names and a missing checkpoint clearly', async () => {
  const { dir } = await freshDir();
  await assert.rejects(writeCheckpointDir(dir, { 'MANIFEST.json': 'x' }), /invalid checkpoint file name/);
  await assert.rejects(writeCheckpointDir(dir, { 'sub/x': 'x' }), /invalid checkpoint file name/);
  await assert.rejects(writeCheckpointDir(dir, { '..': 'x' }), /invalid checkpoint file name/);
  assert.equal(await resolveCheckpointDir(dir), null);
  await assert.rejects(readCheckpointDir(dir), /no complete checkpoint at/);
});

test('crash between the renames: dir missing, complete old and temp siblings → old version is used and restored', async () => {
  const { parent, dir } = await freshDir();
  await writeCheckpointDir(dir, files(1));
  // Reproduce the state: the new version complete in a temp dir, the old one moved aside.
  await cp(dir, `${dir}.tmp-999999-00aa`, { recursive: true });
  await writeFile(join(`${dir}.tmp-999999-00aa`, 'a.txt'), 'a2');
  await rename(dir, `${dir}.old-999999-00bb`);

  const resolved = await resolveCheckpointDir(dir);
  assert.ok(resolved !== null);
  assert.equal(resolved.recovered, true);
  assert.equal(basename(resolved.path), 'ckpt.old-999999-00bb');
  const loaded = await readCheckpointDir(dir);
  assert.equal(text(loaded.files['a.txt']!), 'a1', 'reads the committed (old) version, never the temp one');

  const recovered = await recoverCheckpointDir(dir);
  assert.equal(recovered?.recovered, false);
  assert.equal(text((await readCheckpointDir(dir)).files['a.txt']!), 'a1');
  const removed = await cleanupStale(dir, { force: true });
  assert.deepEqual(removed.map((p) => basename(p)), ['ckpt.tmp-999999-00aa']);
  assert.deepEqual(await readdir(parent), ['ckpt']);

  const m = await writeCheckpointDir(dir, files(3));
  assert.equal(m.generation, 2, 'generation continues from the recovered version');
});

test('an incomplete dir (no manifest / wrong size / corrupt bytes) falls back to a complete old version', async () => {
  const { dir } = await freshDir();
  await writeCheckpointDir(dir, files(1));
  await cp(dir, `${dir}.old-1-aa`, { recursive: true });

  await writeFile(join(dir, 'a.txt'), 'a1-but-longer');
  let loaded = await readCheckpointDir(dir);
  assert.equal(loaded.recovered, true, 'size mismatch makes dir incomplete');

  await writeFile(join(dir, 'a.txt'), 'X1');
  loaded = await readCheckpointDir(dir);
  assert.equal(loaded.recovered, true, 'hash mismatch is caught on read');
  assert.equal(text(loaded.files['a.txt']!), 'a1');

  await rm(join(dir, 'MANIFEST.json'));
  assert.equal((await resolveCheckpointDir(dir))?.recovered, true);
  await recoverCheckpointDir(dir);
  assert.equal((await resolveCheckpointDir(dir))?.recovered, false);
  assert.equal(text((await readCheckpointDir(dir)).files['a.txt']!), 'a1');
});

test('cleanupStale keeps old versions while dir is incomplete, and temps of live writers unless forced', async () => {
  const { parent, dir } = await freshDir();
  await writeCheckpointDir(dir, files(1));
  await rename(dir, `${dir}.old-1-aa`);
  await mkdir(`${dir}.tmp-${process.ppid}-bb`);
  assert.deepEqual(await cleanupStale(dir), [], 'old is the only copy; the temp belongs to a live process');
  assert.equal((await readdir(parent)).length, 2);
  assert.deepEqual((await cleanupStale(dir, { force: true })).map((p) => basename(p)), [`ckpt.tmp-${process.ppid}-bb`]);
  await recoverCheckpointDir(dir);
  assert.deepEqual(await readdir(parent), ['ckpt']);
});
