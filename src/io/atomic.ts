/**
 * Crash-safe writes. `writeFileAtomic` replaces one file; the checkpoint-directory functions
 * (re-exported here) replace a whole directory of files that must change together.
 */
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir, uniqueSuffix, writeFileSynced, type FileData } from './fsync.js';

export type { FileData } from './fsync.js';
export { writeCheckpointDir } from './checkpoint-write.js';
export type { CheckpointStep, WriteCheckpointOptions } from './checkpoint-write.js';
export { resolveCheckpointDir, readCheckpointDir } from './checkpoint-read.js';
export type { ResolvedCheckpoint, LoadedCheckpoint } from './checkpoint-read.js';
export { recoverCheckpointDir, cleanupStale } from './checkpoint-recover.js';
export type { CleanupOptions } from './checkpoint-recover.js';
export type { CheckpointManifest } from './checkpoint-manifest.js';

/**
 * Atomically replaces `path` with `data`.
 *
 * The data goes to a uniquely named temp file in the same directory
 * (`.<name>.tmp-<pid>-<random>`), which is fsynced and then renamed over `path`; the directory
 * is fsynced afterwards where the platform allows. A crash at any moment leaves either the old
 * file or the new one at `path`, never a partial one (at worst a stray temp file remains).
 */
export async function writeFileAtomic(path: string, data: FileData): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.tmp-${uniqueSuffix()}`);
  try {
    await writeFileSynced(temp, data);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await fsyncDir(dir);
}
