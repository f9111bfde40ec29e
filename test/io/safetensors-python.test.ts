/**
 * Interoperability with PyTorch through `scripts/read_safetensors.py` (standard library +
 * torch only). Skipped when /usr/bin/python3 cannot import torch.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadSafetensorsFile, saveSafetensorsFile, type NamedArray } from '../../src/io/index.js';
import { makeTempDir, repoRoot, sumOf, toList } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(repoRoot(), 'scripts', 'read_safetensors.py');

/** Why the torch tests cannot run here, or `false` when they can. */
function torchMissing(): string | false {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error !== undefined) return `${PYTHON} is not runnable (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} has no torch module`;
  return false;
}
const skip = torchMissing();

/** Shape of the script's JSON summary. */
interface Summary {
  tensors: Record<string, { dtype: string; shape: number[]; sum: number | string; values?: (number | string)[] }>;
  metadata: Record<string, string>;
}

function runScript(args: string[]): Summary {
  const res = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(res.status, 0, `read_safetensors.py failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as Summary;
}

const tmp = makeTempDir();
after(tmp.cleanup);

test('PyTorch reads a file written by Striate (names, shapes, sums)', { skip }, async () => {
  const n = 1000;
  const tensors: Record<string, NamedArray> = {
    'conv1.weight': { dtype: 'F32', shape: [10, 4, 25], data: Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 3) },
    'conv1.bias': { dtype: 'F64', shape: [7], data: Float64Array.from({ length: 7 }, (_, i) => i / 7 - 0.5) },
    labels: { dtype: 'I32', shape: [3, 3], data: Int32Array.from({ length: 9 }, (_, i) => (i - 4) * 100003) },
    step: { dtype: 'I64', shape: [], data: new BigInt64Array([2n ** 50n + 1n]) },
    pixels: { dtype: 'U8', shape: [2, 2, 3], data: Uint8Array.from({ length: 12 }, (_, i) => i * 21) },
    mask: { dtype: 'BOOL', shape: [4], data: new Uint8Array([1, 1, 0, 1]) },
    empty: { dtype: 'F32', shape: [0, 5], data: new Float32Array(0) },
  };
  const file = join(tmp.dir, 'from-ts.safetensors');
  await saveSafetensorsFile(file, tensors, { framework: 'striate', epoch: '12' });
  const summary = runScript([file]);

  assert.deepEqual(summary.metadata, { framework: 'striate', epoch: '12' });
  assert.deepEqual(Object.keys(summary.tensors).sort(), Object.keys(tensors).sort());
  for (const [name, t] of Object.entries(tensors)) {
    const s = summary.tensors[name];
    assert.equal(s!.dtype, t.dtype, name);
    assert.deepEqual(s!.shape, t.shape, name);
    const sum = sumOf(t.data);
    if (typeof sum === 'bigint') {
      assert.equal(s!.sum, sum.toString(), name);
    } else if (t.dtype === 'F32' || t.dtype === 'F64') {
      assert.ok(typeof s!.sum === 'number' && Math.abs(s!.sum - sum) <= 1e-9 * Math.max(1, Math.abs(sum)), `${name}: ${s!.sum} vs ${sum}`);
    } else {
      assert.equal(s!.sum, sum, name);
    }
  }
  assert.deepEqual(summary.tensors.labels!.values, toList(tensors.labels!.data));
});

test('Striate reads a file written by PyTorch, exactly', { skip }, async () => {
  const file = join(tmp.dir, 'from-torch.safetensors');
  const written = runScript(['--write', file]);
  const { tensors, metadata } = await loadSafetensorsFile(file);

  assert.deepEqual(metadata, written.metadata);
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(written.tensors).sort());
  for (const [name, expected] of Object.entries(written.tensors)) {
    const t = tensors[name];
    assert.equal(t!.dtype, expected.dtype, name);
    assert.deepEqual(t!.shape, expected.shape, name);
    assert.ok(expected.values !== undefined, `${name}: script lists the values`);
    const actual = toList(t!.data).map((v) => (typeof v === 'bigint' ? v.toString() : v));
    assert.deepEqual(actual, expected.values, `${name} values are bit-exact`);
  }
  assert.ok(tensors['steps.i64']!.data instanceof BigInt64Array);
  assert.ok(tensors['f64.values']!.data instanceof Float64Array);
  assert.deepEqual(tensors['scale.scalar']!.shape, []);
});
