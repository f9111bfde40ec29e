/**
 * Reading src/ as a tree of folders and their imports, for the layering and size tests: every `.ts`
 * file, its line count, and the relative imports it makes (type-only imports count: they couple folders
 * as much as value imports do).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../helpers/paths.js';

export const srcRoot = join(repoRoot, 'src');

export interface SourceFile {
  /** Path relative to src/, with '/' separators. */
  path: string;
  lines: number;
  /** Relative imports resolved to paths relative to src/ (.ts). */
  imports: string[];
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
}

/** Every TypeScript file under src/ (AssemblyScript kernels included; their imports stay inside assembly/). */
export function sourceFiles(): SourceFile[] {
  const paths: string[] = [];
  walk(srcRoot, paths);
  return paths.map((p) => {
    const text = readFileSync(p, 'utf8');
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const imports: string[] = [];
    for (const m of code.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec === undefined) continue;
      const target = resolve(dirname(p), spec.replace(/\.js$/, '.ts'));
      imports.push(relative(srcRoot, target).split('\\').join('/'));
    }
    return { path: relative(srcRoot, p).split('\\').join('/'), lines: text.split('\n').length, imports };
  });
}

/** The folder a file belongs to: its first path segment, or `backend/<name>` inside a backend ('(root)' for src/*.ts). */
export function folderOf(path: string): string {
  const parts = path.split('/');
  if (parts.length === 1) return '(root)';
  if (parts[0] === 'backend' && parts.length > 2) return `backend/${parts[1]}`;
  return parts[0] ?? '(root)';
}
