/**
 * Resolving where an MNIST-family split's two IDX files are: an explicit root, `$STRIATE_DATA`, the
 * Debian dataset folder, the download cache, and finally a download from the official mirror.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { downloadFile } from './download.js';
import type { MnistSpec, RemoteFile } from './mnist-specs.js';

/** How a dataset's files were found. */
export type DataOrigin = 'root' | 'env' | 'system' | 'cache' | 'download' | 'shipped';

/** The image and label files of one split, and where they came from. */
export interface LocatedFiles {
  readonly images: string;
  readonly labels: string;
  readonly origin: DataOrigin;
  /** Human-readable description, e.g. `$STRIATE_DATA (/data/fashion-mnist)`. */
  readonly source: string;
}

export interface LocateOptions {
  /** Folder holding the files (or a `<dirName>` subfolder holding them); when set, nothing else is searched. */
  root?: string;
  /** The training split (default) or the test split. */
  train?: boolean;
  /** Download cache (default `$XDG_CACHE_HOME/striate/<dirName>`, else `~/.cache/striate/<dirName>`). */
  cacheDir?: string;
  /** System folders to search after `$STRIATE_DATA` (default: Debian's, e.g. `/usr/share/datasets/fashion-mnist`). */
  systemDirs?: readonly string[];
}

export interface DownloadLocateOptions extends LocateOptions {
  /** Download when the files are not found locally (default true). */
  download?: boolean;
  /** Base URL to download from instead of the official one. */
  mirror?: string;
  /** Idle timeout per download (default 60,000 ms). */
  timeoutMs?: number;
}

interface Candidate {
  readonly dir: string;
  readonly origin: DataOrigin;
  readonly source: string;
}

/** The files of one split inside `dir` (each as `name` or `name.gz`), or null when either is missing. */
export function filesIn(dir: string, spec: MnistSpec, train: boolean): { images: string; labels: string } | null {
  const split = train ? spec.train : spec.test;
  const images = fileIn(dir, split.images);
  const labels = fileIn(dir, split.labels);
  return images !== null && labels !== null ? { images, labels } : null;
}

function fileIn(dir: string, f: RemoteFile): string | null {
  for (const name of [f.name, `${f.name}.gz`]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** The default download cache folder for `spec`. */
export function defaultCacheDir(spec: MnistSpec): string {
  const base = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(base, 'striate', spec.dirName);
}

/** Folders searched, in order, without downloading. */
export function candidates(spec: MnistSpec, opts: LocateOptions): Candidate[] {
  if (opts.root !== undefined) {
    return [
      { dir: opts.root, origin: 'root', source: `root ${opts.root}` },
      { dir: join(opts.root, spec.dirName), origin: 'root', source: `root ${join(opts.root, spec.dirName)}` },
    ];
  }
  const out: Candidate[] = [];
  const env = process.env['STRIATE_DATA'];
  if (env) {
    out.push({ dir: join(env, spec.dirName), origin: 'env', source: `$STRIATE_DATA (${join(env, spec.dirName)})` });
    out.push({ dir: env, origin: 'env', source: `$STRIATE_DATA (${env})` });
  }
  for (const dir of opts.systemDirs ?? [spec.systemDir]) out.push({ dir, origin: 'system', source: `system dataset ${dir}` });
  const cache = opts.cacheDir ?? defaultCacheDir(spec);
  out.push({ dir: cache, origin: 'cache', source: `download cache ${cache}` });
  return out;
}

/** Finds the split's files locally; throws an error listing the folders searched when they are absent. */
export function locateLocal(spec: MnistSpec, opts: LocateOptions): LocatedFiles {
  const found = findLocal(spec, opts);
  if (found !== null) return found;
  const tried = candidates(spec, opts).map((c) => c.dir);
  throw new Error(
    `${spec.title}: ${opts.train === false ? 'test' : 'training'} files not found; searched ${tried.join(', ')}. ` +
      `Use \`await ${spec.title}.load({ download: true })\`, set STRIATE_DATA, or pass root.`,
  );
}

function findLocal(spec: MnistSpec, opts: LocateOptions): LocatedFiles | null {
  const train = opts.train ?? true;
  for (const c of candidates(spec, opts)) {
    const files = filesIn(c.dir, spec, train);
    if (files !== null) return { ...files, origin: c.origin, source: c.source };
  }
  return null;
}

/**
 * Finds the split's files locally, or downloads them (verifying MD5s) into the explicit root, else the
 * cache folder. Only the requested split's two files are fetched.
 */
export async function locateOrDownload(spec: MnistSpec, opts: DownloadLocateOptions): Promise<LocatedFiles> {
  const found = findLocal(spec, opts);
  if (found !== null) return found;
  if (opts.download === false) return locateLocal(spec, opts);
  const train = opts.train ?? true;
  const split = train ? spec.train : spec.test;
  const dir = opts.root ?? opts.cacheDir ?? defaultCacheDir(spec);
  const mirror = withSlash(opts.mirror ?? spec.mirror);
  for (const f of [split.images, split.labels]) {
    const existing = fileIn(dir, f);
    if (existing !== null) continue;
    await downloadFile(`${mirror}${f.name}.gz`, join(dir, `${f.name}.gz`), { md5: f.md5, timeoutMs: opts.timeoutMs });
  }
  const files = filesIn(dir, spec, train);
  if (files === null) throw new Error(`${spec.title}: downloaded files missing from ${dir}`);
  return { ...files, origin: 'download', source: `downloaded from ${mirror} into ${dir}` };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
