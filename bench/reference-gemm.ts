/**
 * Micro-benchmark for the reference (pure TypeScript) GEMM kernel.
 * Run: node --import tsx bench/reference-gemm.ts
 * Prints GFLOP/s (2*M*N*K flops per call) for a square case and the shapes
 * that dominate the lecture CNN at batch 64, for each transpose combination.
 * Throughput is computed from this process's CPU time (user + system), which
 * stays meaningful when the machine is shared; the wall-clock figure is
 * printed alongside. BENCH_MS sets the CPU time spent per case (default 800).
 */
import { gemm } from '../src/backend/reference/lib/gemm.js';

function randomArray(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}

interface Case { name: string; M: number; N: number; K: number }

const cases: Case[] = [
  { name: 'square 1024^3', M: 1024, N: 1024, K: 1024 },
  { name: 'conv2 fwd W[64,288]@cols[288,7744]', M: 64, N: 64 * 121, K: 288 },
  { name: 'dense 1600->1024 fwd [64,1600]@[1600,1024]', M: 64, N: 1024, K: 1600 },
  { name: 'dense weight grad dY^T@X [1024,64]x[64,1600]', M: 1024, N: 1600, K: 64 },
  { name: 'dense input grad dY@W [64,1024]@[1024,1600]', M: 64, N: 1600, K: 1024 },
];

const minMs = Number(process.env['BENCH_MS'] ?? 800);

function bench(c: Case, transA: boolean, transB: boolean): { cpu: number; wall: number } {
  const A = randomArray(c.M * c.K, 1);
  const B = randomArray(c.K * c.N, 2);
  const C = new Float32Array(c.M * c.N);
  gemm(transA, transB, c.M, c.N, c.K, A, 0, B, 0, C, 0, 0); // warm-up / JIT
  let reps = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let cpuUs = 0;
  do {
    gemm(transA, transB, c.M, c.N, c.K, A, 0, B, 0, C, 0, 0);
    reps++;
    const used = process.cpuUsage(c0);
    cpuUs = used.user + used.system;
  } while (cpuUs < minMs * 1000);
  const wallMs = performance.now() - t0;
  const flops = 2 * c.M * c.N * c.K * reps;
  return { cpu: flops / (cpuUs * 1e3), wall: flops / (wallMs * 1e6) };
}

for (const c of cases) {
  const parts: string[] = [];
  for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
    const r = bench(c, ta, tb);
    parts.push(`${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} ${r.cpu.toFixed(2)} (wall ${r.wall.toFixed(2)})`);
  }
  console.log(`${c.name.padEnd(48)} GFLOP/s: ${parts.join('  ')}`);
}
