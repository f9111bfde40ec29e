/**
 * Naming of a checkpoint directory's siblings: `<dir>.tmp-<pid>-<random>` (a version being
 * written) and `<dir>.old-<pid>-<random>` (the previous version, moved aside during a swap).
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isErrno, uniqueSuffix } from './fsync.js';

/** Sibling paths this process is writing or swapping right now; never treated as stale. */
export const inFlightPaths = new Set<string>();

/** A fresh, unique temp-directory path next to `dir`. */
export function checkpointTempPath(dir: string): string {
  return `${resolve(dir)}.tmp-${uniqueSuffix()}`;
}

/** A fresh, unique path to move the current `dir` aside to during a swap. */
export function checkpointOldPath(dir: string): string {
  return `${resolve(dir)}.old-${uniqueSuffix()}`;
}

/** Existing temp and old siblings of `dir`, as absolute paths. */
export async function listCheckpointSiblings(dir: string): Promise<{ temps: string[]; olds: string[] }> {
  const abs = resolve(dir);
  const parent = dirname(abs);
  const base = basename(abs);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { temps: [], olds: [] };
    throw err;
  }
  const temps = names.filter((n) => n.startsWith(`${base}.tmp-`)).map((n) => join(parent, n));
  const olds = names.filter((n) => n.startsWith(`${base}.old-`)).map((n) => join(parent, n));
  return { temps, olds };
}

/**
 * The id of the process that created a sibling (the `<pid>` in its suffix), or `null` when the
 * name does not carry one.
 */
export function siblingPid(path: string): number | null {
  const match = /\.(?:tmp|old)-(\d+)-[0-9a-f]+$/.exec(path);
  return match === null ? null : Number(match[1]);
}

/** True when a process with this id exists (it may belong to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return isErrno(err, 'EPERM');
  }
}
