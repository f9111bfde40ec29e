/**
 * Finding and loading the current version of a checkpoint directory, including the case where a
 * writer crashed between moving the old version aside and moving the new one in.
 *
 * Reading never modifies anything on disk; see `checkpoint-recover.ts` for repair.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isErrno } from './fsync.js';
import { listCheckpointSiblings } from './checkpoint-paths.js';
import { MANIFEST_NAME, parseManifest, sha256Hex, type CheckpointManifest } from './checkpoint-manifest.js';

/** A complete checkpoint version on disk. */
export interface ResolvedCheckpoint {
  /** Directory holding it: `dir` itself, or a `<dir>.old-*` sibling left by an interrupted swap. */
  path: string;
  manifest: CheckpointManifest;
  /** True when `path` is not `dir` (the version was found in a sibling). */
  recovered: boolean;
}

/** A checkpoint read from disk, every file verified against the manifest. */
export interface LoadedCheckpoint extends ResolvedCheckpoint {
  files: Record<string, Uint8Array>;
}

/** How many times to re-resolve when a concurrent writer swaps directories under a reader. */
const READ_ATTEMPTS = 3;

/**
 * Reads the manifest in `path` and checks that every listed file exists with the listed size.
 * Returns the manifest, or `null` when the directory is missing or incomplete.
 */
export async function inspectCheckpoint(path: string): Promise<CheckpointManifest | null> {
  try {
    const manifest = parseManifest(await readFile(join(path, MANIFEST_NAME), 'utf8'));
    if (manifest === null) return null;
    for (const [name, { size }] of Object.entries(manifest.files)) {
      const info = await stat(join(path, name));
      if (!info.isFile() || info.size !== size) return null;
    }
    return manifest;
  } catch (err) {
    if (isErrno(err, 'ENOENT', 'ENOTDIR', 'EISDIR')) return null;
    throw err;
  }
}

/**
 * Every complete version of checkpoint `dir`, best first: `dir` itself when complete, then
 * complete `<dir>.old-*` siblings from the highest generation down. Temp siblings
 * (`<dir>.tmp-*`) are never candidates: a version counts only once it has been moved to `dir`.
 */
export async function listCheckpointCandidates(dir: string): Promise<ResolvedCheckpoint[]> {
  const abs = resolve(dir);
  const out: ResolvedCheckpoint[] = [];
  const main = await inspectCheckpoint(abs);
  if (main !== null) out.push({ path: abs, manifest: main, recovered: false });
  const olds: ResolvedCheckpoint[] = [];
  for (const path of (await listCheckpointSiblings(abs)).olds) {
    const manifest = await inspectCheckpoint(path);
    if (manifest !== null) olds.push({ path, manifest, recovered: true });
  }
  olds.sort((a, b) => b.manifest.generation - a.manifest.generation || b.manifest.createdAt.localeCompare(a.manifest.createdAt));
  return [...out, ...olds];
}

/**
 * The current complete version of checkpoint `dir`, or `null` when there is none. When `dir` is
 * missing or incomplete because a save was interrupted mid-swap, this is the previous version,
 * still in its `<dir>.old-*` sibling (`recovered: true`).
 */
export async function resolveCheckpointDir(dir: string): Promise<ResolvedCheckpoint | null> {
  return (await listCheckpointCandidates(dir))[0] ?? null;
}

/**
 * Loads checkpoint `dir`: the files in `names` (default: every file in the manifest), each
 * verified against the manifest's size and SHA-256.
 *
 * Falls back to an older complete version when `dir` is missing, incomplete or corrupt, and
 * re-resolves a few times if a concurrent writer swaps versions mid-read.
 *
 * @throws Error when no complete version exists, or when a requested name is not in it.
 */
export async function readCheckpointDir(dir: string, names?: readonly string[]): Promise<LoadedCheckpoint> {
  const problems: string[] = [];
  for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
    const candidates = await listCheckpointCandidates(dir);
    if (candidates.length === 0 && attempt === 0) throw new Error(`no complete checkpoint at ${resolve(dir)}`);
    for (const candidate of candidates) {
      const wanted = names ?? Object.keys(candidate.manifest.files);
      const missing = wanted.filter((n) => !(n in candidate.manifest.files));
      if (missing.length > 0) {
        throw new Error(`checkpoint ${candidate.path} has no file(s) ${missing.join(', ')}`);
      }
      const files = await readVerified(candidate, wanted, problems);
      if (files !== null) return { ...candidate, files };
    }
  }
  throw new Error(`no readable checkpoint at ${resolve(dir)}: ${problems.join('; ') || 'no complete version'}`);
}

/** Reads and verifies files of one candidate; `null` (with a note in `problems`) on any mismatch. */
async function readVerified(
  candidate: ResolvedCheckpoint,
  names: readonly string[],
  problems: string[],
): Promise<Record<string, Uint8Array> | null> {
  const files: Record<string, Uint8Array> = {};
  for (const name of names) {
    const expected = candidate.manifest.files[name];
    if (expected === undefined) {
      problems.push(`${join(candidate.path, name)} is not in its manifest`);
      return null;
    }
    let bytes: Uint8Array;
    try {
      const buf = await readFile(join(candidate.path, name));
      bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      if (!isErrno(err, 'ENOENT', 'ENOTDIR')) throw err;
      problems.push(`${join(candidate.path, name)} vanished`);
      return null;
    }
    if (bytes.length !== expected.size || sha256Hex(bytes) !== expected.sha256) {
      problems.push(`${join(candidate.path, name)} does not match its manifest`);
      return null;
    }
    files[name] = bytes;
  }
  return files;
}
