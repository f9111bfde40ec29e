/**
 * Low-level durability helpers: write a file and flush it to disk, flush a directory entry,
 * and make unique sibling names for temporary files and directories.
 */
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Bytes to write: raw bytes, or a string written as UTF-8. */
export type FileData = Uint8Array | string;

/** Converts {@link FileData} to bytes. */
export function toBytes(data: FileData): Uint8Array {
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

/**
 * Creates `path` (failing if it exists), writes `data` in full and fsyncs it before closing,
 * so that once this resolves the contents are on stable storage.
 */
export async function writeFileSynced(path: string, data: FileData): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(toBytes(data));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Fsyncs a directory so that renames and creations inside it are durable. Platforms that cannot
 * open or sync directories (Windows) are tolerated silently: there renames are already durable
 * as far as the OS allows.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (err) {
    if (isErrno(err, 'EISDIR', 'EPERM', 'EACCES')) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!isErrno(err, 'EINVAL', 'EPERM', 'EISDIR', 'ENOTSUP', 'EBADF')) throw err;
  } finally {
    await handle.close();
  }
}

/** A name suffix unique to this process and call: `<pid>-<16 hex chars>`. */
export function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(8).toString('hex')}`;
}

/** True when `err` is a Node system error with one of the given `code`s. */
export function isErrno(err: unknown, ...codes: string[]): boolean {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && codes.includes(err.code);
}
