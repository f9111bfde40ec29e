/** Shared helpers for the checkpoint I/O tests: temp dirs, the repo root and fixture processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NamedArrayData } from '../../src/io/index.js';

const here = dirname(fileURLToPath(import.meta.url));
/** True when running from TypeScript sources (via tsx) rather than compiled `dist/`. */
const fromSource = import.meta.url.endsWith('.ts');

/** The repository root: the nearest ancestor of this file holding `package.json`. */
export function repoRoot(): string {
  let dir = here;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${here}`);
    dir = up;
  }
  return dir;
}

/** A fresh temp directory, removed by the returned `cleanup`. */
export function makeTempDir(prefix = 'striate-io-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts `test/io/fixtures/<name>` in a child Node process (through tsx when testing sources). */
export function spawnFixture(name: string, args: string[]): ChildProcess {
  const script = join(here, 'fixtures', fromSource ? `${name}.ts` : `${name}.js`);
  const nodeArgs = fromSource ? ['--import', 'tsx', script, ...args] : [script, ...args];
  return spawn(process.execPath, nodeArgs, { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Collects a child's stdout lines and stderr text as they arrive. */
export function watchOutput(child: ChildProcess): { lines: string[]; stderr: () => string } {
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  return { lines, stderr: () => err };
}

/** Resolves with the exit code or signal once `child` has exited. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
}

/** Resolves once `lines` contains a line satisfying `match`, or rejects after `timeoutMs`. */
export async function waitForLine(
  lines: string[],
  match: (line: string) => boolean,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!lines.some(match)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for child output: ${describe()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Sleeps for `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The elements of a tensor's data as a plain array (bigints for int64). */
export function toList(data: NamedArrayData): (number | bigint)[] {
  if (data instanceof BigInt64Array) return Array.from(data);
  if (data instanceof Float64Array) return Array.from(data);
  if (data instanceof Float32Array) return Array.from(data);
  if (data instanceof Int32Array) return Array.from(data);
  return Array.from(data);
}

/** The sum of a tensor's elements, computed in float64 (or exactly, as a bigint, for int64). */
export function sumOf(data: NamedArrayData): number | bigint {
  if (data instanceof BigInt64Array) return data.reduce((a, b) => a + b, 0n);
  let s = 0;
  for (const v of toList(data)) s += Number(v);
  return s;
}
