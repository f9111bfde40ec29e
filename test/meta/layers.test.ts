/**
 * The shape of the house: src/ folders form layers, and a folder imports only from layers below its own
 * (so there are no import cycles among folders), and no backend imports another backend. The order is
 * the one ARCHITECTURE.md draws; a new folder must be placed in it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { folderOf, sourceFiles } from './source-tree.js';

/** Bottom to top. Folders in one layer may not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ['engine'],
  ['backend/reference', 'backend/wasm'],
  ['backend', 'tensor'],
  ['nn', 'io'],
  ['optim', 'data', 'viz'],
  ['train'],
  ['keras', 'vision'],
  ['models'],
  ['report'],
  ['cli'],
  ['(root)'],
];

const rank = new Map<string, number>(LAYERS.flatMap((folders, i) => folders.map((f): [string, number] => [f, i])));
const files = sourceFiles();

test('every src/ folder has a place in the layer order', () => {
  const unplaced = [...new Set(files.map((f) => folderOf(f.path)))].filter((f) => !rank.has(f));
  assert.deepEqual(unplaced, [], `place these folders in LAYERS: ${unplaced.join(', ')}`);
});

test('folders import only from lower layers (no cycles), backends only from the engine', () => {
  const bad: string[] = [];
  for (const f of files) {
    const from = folderOf(f.path);
    const own = rank.get(from);
    if (own === undefined) continue;
    for (const target of f.imports) {
      const to = folderOf(target);
      if (to === from) continue;
      const theirs = rank.get(to);
      if (theirs === undefined || theirs >= own) bad.push(`${f.path} (${from}) -> ${target} (${to})`);
      if (from.startsWith('backend/') && to !== 'engine') bad.push(`${f.path}: a backend imports ${to}`);
    }
  }
  assert.deepEqual(bad, [], `imports against the layer order:\n${bad.join('\n')}`);
});
