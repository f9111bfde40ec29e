/**
 * A size budget for src/, as tinygrad keeps one (sz.py): files short enough to read in one sitting, and a
 * total that grows only when someone decides it should (raise SRC_LINE_BUDGET in the commit that needs it,
 * saying why). Lines are physical lines, comments included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sourceFiles } from './source-tree.js';

/** The soft cap per file. */
const FILE_LINES = 600;
/** Files allowed above the cap, each with its reason (none today). */
const LONG_FILES: Readonly<Record<string, string>> = {};
/** All of src/ (TypeScript and AssemblyScript). */
const SRC_LINE_BUDGET = 25_000;

const files = sourceFiles();

test(`every src/ file is under ${FILE_LINES} lines (or listed with a reason)`, () => {
  const long = files.filter((f) => f.lines > FILE_LINES && !(f.path in LONG_FILES)).map((f) => `${f.path}: ${f.lines} lines`);
  assert.deepEqual(long, [], `split these files or list them in LONG_FILES with a reason:\n${long.join('\n')}`);
  const stale = Object.keys(LONG_FILES).filter((p) => !files.some((f) => f.path === p && f.lines > FILE_LINES));
  assert.deepEqual(stale, [], `LONG_FILES entries that are no longer long (remove them): ${stale.join(', ')}`);
});

test(`src/ stays within its budget of ${SRC_LINE_BUDGET.toLocaleString('en-US')} lines`, () => {
  const total = files.reduce((n, f) => n + f.lines, 0);
  assert.ok(total <= SRC_LINE_BUDGET, `src/ has ${total} lines, over the budget of ${SRC_LINE_BUDGET}`);
});
