/** Shared helpers for the data tests: paths, temp folders, tiny IDX datasets and a loopback HTTP server. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdx } from '../../src/data/idx.js';
import { findPackageRoot } from '../../src/data/package-root.js';

/** The repository root (works from `test/data` and from `dist/test/data`). */
export const repoRoot = findPackageRoot(import.meta.url);
/** The full Fashion-MNIST files shared beside the repository. */
export const sharedFashionDir = join(repoRoot, '..', 'shared', 'data', 'fashion-mnist');
export const haveShared = existsSync(join(sharedFashionDir, 't10k-labels-idx1-ubyte.gz'));

/** A fresh temp folder and its cleanup. */
export function tempDir(prefix = 'striate-data-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Writes a tiny Fashion-MNIST-shaped split into `dir` (gzip IDX, upstream names): `n` images whose
 * pixels all equal `fill`, labels i % 10. `n` lets tests tell folders apart by length.
 */
export function writeTinySplit(dir: string, n: number, opts: { train?: boolean; fill?: number } = {}): void {
  mkdirSync(dir, { recursive: true });
  const prefix = opts.train === false ? 't10k' : 'train';
  const images = new Uint8Array(n * 28 * 28).fill(opts.fill ?? 7);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  writeFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`), encodeIdx(images, [n, 28, 28], { gzip: true }));
  writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte.gz`), encodeIdx(labels, [n], { gzip: true }));
}

/** Sets (or, for undefined, deletes) environment variables for the duration of `fn`. */
export async function withEnv<R>(vars: Record<string, string | undefined>, fn: () => R | Promise<R>): Promise<R> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>): void => {
    for (const [k, val] of Object.entries(v)) {
      if (val === undefined) delete process.env[k];
      else process.env[k] = val;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

export interface Loopback {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server. `/files/<name>` serves `files[name]`; `/hop/<k>/<rest>` redirects (302,
 * relative Location) k times before `/<rest>`; `/corrupt/<name>` serves `files[name]` with a byte
 * flipped; `/stall` never answers; anything else is 404.
 */
export async function startLoopback(files: Record<string, Uint8Array>): Promise<Loopback> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    requests.push(path);
    if (path === '/stall') return; // never answers: for timeouts
    const hop = /^\/hop\/(\d+)\/(.*)$/.exec(path);
    if (hop) {
      const k = Number(hop[1]);
      res.writeHead(302, { location: k > 1 ? `/hop/${k - 1}/${hop[2]}` : `/${hop[2]}` });
      res.end();
      return;
    }
    const m = /^\/(files|corrupt)\/(.+)$/.exec(path);
    const body = m ? files[m[2]!] : undefined;
    if (!m || body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const out = Uint8Array.from(body);
    if (m[1] === 'corrupt') out[out.length >> 1] = out[out.length >> 1]! ^ 0xff;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(out.length) });
    res.end(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
