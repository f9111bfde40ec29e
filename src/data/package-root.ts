/**
 * Finds the installed package's root folder (the one with package.json), so shipped data under `data/`
 * is found both from the sources (`src/data/`) and from compiled code (`dist/src/data/`).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `start` (a path or file URL) that holds a package.json. */
export function findPackageRoot(start: string | URL = import.meta.url): string {
  let dir = typeof start === 'string' && !start.startsWith('file:') ? start : dirname(fileURLToPath(start));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`findPackageRoot: no package.json above ${String(start)}`);
    dir = parent;
  }
}

/** Absolute path of `data/<name>` in this package. */
export function shippedDataDir(name: string): string {
  return join(findPackageRoot(), 'data', name);
}
