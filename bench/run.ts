// Training-throughput benchmark: Striate's reference backend vs PyTorch (Debian python3-torch + OpenBLAS)
// on the lecture CNN, batch 64, Adam, Fashion-MNIST. Each framework runs in its own process; runs are
// interleaved and repeated, and medians with min–max are reported as ratios. Writes bench/results/train.json.
// Run: node --import tsx bench/run.ts [--data DIR] [--repeats 3] [--steps 40]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const data = opt('--data', '../shared/data/fashion-mnist');
const repeats = Number(opt('--repeats', '3'));
const steps = Number(opt('--steps', '40'));
const python = '/usr/bin/python3';
const openblas = '/usr/lib/x86_64-linux-gnu/openblas-openmp';

interface Run {
  name: string;
  cmd: string;
  argv: string[];
  env?: Record<string, string>;
}
const runs: Run[] = [{ name: 'striate reference (1 thread)', cmd: process.execPath, argv: ['--import', 'tsx', 'bench/reference-train.ts', data, String(steps)] }];
const hasTorch = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (hasTorch) {
  const env: Record<string, string> = existsSync(openblas) ? { LD_LIBRARY_PATH: openblas } : {};
  for (const threads of [1, 2])
    runs.push({ name: `pytorch ${threads} thread${threads > 1 ? 's' : ''}`, cmd: python, argv: ['bench/pytorch_lecture_cnn.py', data, String(steps * 4), String(threads)], env });
}

const samples = new Map<string, number[]>(runs.map((r) => [r.name, []]));
for (let rep = 0; rep < repeats; rep++)
  for (const r of runs) {
    const p = spawnSync(r.cmd, r.argv, { encoding: 'utf8', env: { ...process.env, ...r.env } });
    if (p.status !== 0) throw new Error(`${r.name} failed: ${p.stderr}`);
    const line = JSON.parse(p.stdout.trim().split('\n').at(-1)!) as { images_per_second: number };
    samples.get(r.name)!.push(line.images_per_second);
    console.error(`${r.name}: ${line.images_per_second.toFixed(1)} images/s`);
  }
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const result = {
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  date: new Date().toISOString(),
  steps, repeats,
  rows: runs.map((r) => {
    const v = samples.get(r.name)!;
    return { name: r.name, median: median(v), min: Math.min(...v), max: Math.max(...v) };
  }),
};
mkdirSync(join('bench', 'results'), { recursive: true });
writeFileSync(join('bench', 'results', 'train.json'), JSON.stringify(result, null, 2) + '\n');
const ref = result.rows[0]!.median;
for (const row of result.rows)
  console.log(`${row.name.padEnd(30)} ${row.median.toFixed(1).padStart(8)} images/s (min ${row.min.toFixed(1)}, max ${row.max.toFixed(1)})  striate/this = ${(ref / row.median).toFixed(3)}`);
