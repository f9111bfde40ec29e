/**
 * Repairing a checkpoint directory after crashes: restoring a version stranded in a
 * `<dir>.old-*` sibling, and deleting leftover temp and old siblings.
 */
import { rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fsyncDir, isErrno } from './fsync.js';
import { checkpointOldPath, inFlightPaths, isProcessAlive, listCheckpointSiblings, siblingPid } from './checkpoint-paths.js';
import { inspectCheckpoint, resolveCheckpointDir, type ResolvedCheckpoint } from './checkpoint-read.js';

/**
 * Makes `dir` hold the current complete version again. When a save was interrupted between
 * moving the old version aside and moving the new one in, `dir` is missing (or incomplete) and
 * the newest complete `<dir>.old-*` sibling is renamed back to `dir`; an incomplete `dir` is
 * moved aside first (to an `.old-*` name, removed later by {@link cleanupStale}).
 *
 * @returns the resolved version, now at `dir`, or `null` when no complete version exists.
 */
export async function recoverCheckpointDir(dir: string): Promise<ResolvedCheckpoint | null> {
  const abs = resolve(dir);
  const best = await resolveCheckpointDir(abs);
  if (best === null || !best.recovered) return best;
  try {
    await rename(abs, checkpointOldPath(abs));
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err;
  }
  await rename(best.path, abs);
  await fsyncDir(dirname(abs));
  return { path: abs, manifest: best.manifest, recovered: false };
}

/** Options for {@link cleanupStale}. */
export interface CleanupOptions {
  /**
   * Also remove temp siblings whose writer process still appears to be alive (by default those
   * are kept, since another process may be writing them right now).
   */
  force?: boolean;
}

/**
 * Removes leftovers next to checkpoint `dir`:
 * - `<dir>.tmp-*` directories of interrupted saves (skipping ones a live process may still be
 *   writing, unless `force`, and always skipping this process's saves in progress);
 * - `<dir>.old-*` directories, but only while `dir` itself is complete, because otherwise one
 *   of them may be the version to recover (call {@link recoverCheckpointDir} first).
 *
 * @returns the paths removed.
 */
export async function cleanupStale(dir: string, options: CleanupOptions = {}): Promise<string[]> {
  const abs = resolve(dir);
  const { temps, olds } = await listCheckpointSiblings(abs);
  const removable = temps.filter((path) => !inFlightPaths.has(path) && (options.force === true || !writerMayBeAlive(path)));
  if ((await inspectCheckpoint(abs)) !== null) removable.push(...olds.filter((path) => !inFlightPaths.has(path)));
  for (const path of removable) await rm(path, { recursive: true, force: true });
  return removable;
}

/** True when the process named in a temp sibling's suffix may still be writing it. */
function writerMayBeAlive(path: string): boolean {
  const pid = siblingPid(path);
  if (pid === null) return false;
  if (pid === process.pid) return false; // our own saves in progress are in inFlightPaths
  return isProcessAlive(pid);
}
