/**
 * A process that leaves unreachable wasm tensors behind exits cleanly. Node 20 runs V8's pending
 * FinalizationRegistry cleanup tasks while tearing the environment down, when JavaScript can no longer
 * be called; for the wasm backend's registry (made in a vm context, for synchronous reclamation: gc.ts)
 * that aborted the process with "illegal access" — one run in two of test/data/collate.test.js. Here a
 * garbage collection in an earlier 'exit' handler leaves such a task pending, as that run did.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/paths.js';

const entry = pathToFileURL(join(repoRoot, 'dist', 'src', 'index.js')).href;
const SCRIPT = `
process.on('exit', () => globalThis.gc());
const s = await import(${JSON.stringify(entry)});
s.setBackend('wasm');
(() => { for (let i = 0; i < 200; i++) s.tensor(new Float32Array(100).fill(i)).add(1); })();
`;

test('unreachable wasm tensors at exit: the process ends with status 0, five times out of five', () => {
  for (let run = 0; run < 5; run++) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.signal, null, `run ${run}: killed by ${r.signal}\n${r.stderr}`);
    assert.equal(r.status, 0, `run ${run}: exit status ${r.status}\n${r.stderr}`);
  }
});
