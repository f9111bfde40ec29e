/**
 * Finding the non-null assertions (`x!`) in src/ with the TypeScript compiler's parser, for the
 * allow-list test (non-null.test.ts) and `node --import tsx scripts/count-non-null.ts`. AssemblyScript
 * (src/backend/wasm/assembly) is not TypeScript and is skipped.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../helpers/paths.js';

/** What the asserted expression is: `a[i]!`, `o.p!`, `x!`, `f()!`, or anything else (`(a ?? b)!`). */
export type NonNullKind = 'element' | 'property' | 'identifier' | 'call' | 'other';

export interface NonNullSite {
  /** Path relative to the repository root, with '/' separators. */
  file: string;
  /** 1-based line. */
  line: number;
  kind: NonNullKind;
  /** The asserted expression's text, for messages. */
  text: string;
}

const srcRoot = join(repoRoot, 'src');
const SKIP = join(srcRoot, 'backend', 'wasm', 'assembly');

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (p === SKIP) continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
}

function kindOf(e: ts.Expression): NonNullKind {
  if (ts.isElementAccessExpression(e)) return 'element';
  if (ts.isPropertyAccessExpression(e)) return 'property';
  if (ts.isIdentifier(e)) return 'identifier';
  if (ts.isCallExpression(e)) return 'call';
  return 'other';
}

/** Every non-null assertion in one file's text. */
export function nonNullSites(file: string, text: string): NonNullSite[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: NonNullSite[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNonNullExpression(node)) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      out.push({ file, line, kind: kindOf(node.expression), text: node.expression.getText(sf) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every non-null assertion in src/ (AssemblyScript excluded), file by file in path order. */
export function scanSrc(): NonNullSite[] {
  const paths: string[] = [];
  walk(srcRoot, paths);
  return paths.flatMap((p) => nonNullSites(relative(repoRoot, p).split('\\').join('/'), readFileSync(p, 'utf8')));
}

/** Sites counted per file (files with none left out). */
export function countByFile(sites: readonly NonNullSite[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sites) counts.set(s.file, (counts.get(s.file) ?? 0) + 1);
  return counts;
}
