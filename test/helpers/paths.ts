import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with package.json), whether tests run from test/ or dist/test/. */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('test helpers: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
})();

/** ../shared/data next to the repository, when present (tests that need it skip otherwise). */
export const sharedData: string | null = (() => {
  const p = join(repoRoot, '..', 'shared', 'data');
  return existsSync(p) ? p : null;
})();

export interface GoldenTensor {
  shape: number[];
  data: number[];
  dtype?: string;
}

export interface GoldenFile<C> {
  family: string;
  generator: string;
  cases: C[];
}

/** Reads test/fixtures/golden/<name>.json (made by scripts/gen_golden.py with PyTorch). */
export function readGolden<C>(name: string): GoldenFile<C> {
  return JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'golden', `${name}.json`), 'utf8')) as GoldenFile<C>;
}
