/**
 * Saving a checkpoint directory so that its files change together: a crash at any point leaves
 * a complete old or complete new version that `readCheckpointDir` finds.
 *
 * Protocol for `writeCheckpointDir(dir, files)`:
 * 1. write every file, then `MANIFEST.json` (sizes + SHA-256), into a fresh sibling
 *    `<dir>.tmp-<pid>-<random>`, fsyncing each file, the temp dir and the parent;
 * 2. if `dir` exists, rename it to `<dir>.old-<pid>-<random>` and fsync the parent;
 * 3. rename the temp dir to `dir` and fsync the parent: this rename is the commit point;
 * 4. delete the old version and any stale siblings.
 * A crash in 1 leaves `dir` untouched (the temp dir is ignored); between 2 and 3 `dir` is
 * missing and readers use the complete `.old-*` version; after 3 `dir` is the new version.
 */
import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fsyncDir, isErrno, toBytes, writeFileSynced, type FileData } from './fsync.js';
import { checkpointOldPath, checkpointTempPath, inFlightPaths } from './checkpoint-paths.js';
import { buildManifest, checkFileName, MANIFEST_NAME, type CheckpointManifest } from './checkpoint-manifest.js';
import { resolveCheckpointDir } from './checkpoint-read.js';
import { cleanupStale } from './checkpoint-recover.js';

/**
 * Points of the save protocol, reported to {@link WriteCheckpointOptions.onStep}:
 * `temp-written` (new version complete in the temp dir), `old-moved` (previous `dir` renamed
 * aside; skipped on a first save), `committed` (new version at `dir`), `done` (leftovers removed).
 */
export type CheckpointStep = 'temp-written' | 'old-moved' | 'committed' | 'done';

/** Options for {@link writeCheckpointDir}. */
export interface WriteCheckpointOptions {
  /** Called (and awaited) after each protocol step; for progress reporting and crash testing. */
  onStep?: (step: CheckpointStep) => void | Promise<void>;
}

/** Saves in progress in this process, per directory, so that saves to one `dir` never interleave. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Atomically replaces checkpoint directory `dir` with exactly `files` (plain file names →
 * contents; strings are written as UTF-8), plus a `MANIFEST.json`. Saves to the same `dir` from
 * this process run one after another; only one process should save to a given `dir` at a time.
 *
 * @returns the manifest of the new version.
 */
export async function writeCheckpointDir(
  dir: string,
  files: Record<string, FileData>,
  options: WriteCheckpointOptions = {},
): Promise<CheckpointManifest> {
  const abs = resolve(dir);
  const previous = queues.get(abs) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => swapIn(abs, files, options));
  queues.set(abs, run);
  try {
    return await run;
  } finally {
    if (queues.get(abs) === run) queues.delete(abs);
  }
}

/** Steps 1–4 of the protocol for one save. */
async function swapIn(dir: string, files: Record<string, FileData>, options: WriteCheckpointOptions): Promise<CheckpointManifest> {
  const bytes: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(files)) {
    checkFileName(name);
    bytes[name] = toBytes(data);
  }
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const current = await resolveCheckpointDir(dir);
  const manifest = buildManifest(bytes, (current?.manifest.generation ?? 0) + 1);
  const step = async (s: CheckpointStep): Promise<void> => {
    if (options.onStep !== undefined) await options.onStep(s);
  };

  const temp = checkpointTempPath(dir);
  const old = checkpointOldPath(dir);
  inFlightPaths.add(temp);
  inFlightPaths.add(old);
  try {
    await mkdir(temp);
    for (const [name, data] of Object.entries(bytes)) await writeFileSynced(join(temp, name), data);
    await writeFileSynced(join(temp, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
    await fsyncDir(temp);
    await fsyncDir(parent);
    await step('temp-written');

    const movedOld = await moveAside(dir, old);
    if (movedOld) {
      await fsyncDir(parent);
      await step('old-moved');
    }
    try {
      await rename(temp, dir);
    } catch (err) {
      if (movedOld) await rename(old, dir); // put the previous version back
      throw err;
    }
    await fsyncDir(parent);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  } finally {
    inFlightPaths.delete(temp);
    inFlightPaths.delete(old);
  }
  await step('committed');
  await cleanupStale(dir);
  await step('done');
  return manifest;
}

/** Renames `dir` to `old` if it exists; returns whether it did. */
async function moveAside(dir: string, old: string): Promise<boolean> {
  try {
    await lstat(dir);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return false;
    throw err;
  }
  await rename(dir, old);
  return true;
}
