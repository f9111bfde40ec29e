/**
 * The linalg family on the wasm backend (both builds) against the reference gemm: the raw gemm_f32 /
 * gemm_strided_f32 exports (random shapes, transposes, beta, split row ranges bit-identical, leading
 * dimensions), and `matmul` through `Backend.run` on 1 and 3 threads (split by rows and by columns,
 * bit-identical).
 */
import { after, test } from 'node:test';
import { makeRng, randInt } from '../helpers/rng.js';
import { gemm } from '../../src/backend/reference/lib/gemm.js';
import { BUILDS, assertClose, assertIdentical, backendFor, closeBackends, poison, randArray, rawModule, runPrim, upload } from './harness.js';

after(closeBackends);

function refGemm(transA: boolean, transB: boolean, M: number, N: number, K: number,
  a: Float32Array, b: Float32Array, c0: Float32Array, beta: number): Float32Array {
  const c = new Float32Array(M * N);
  gemm(transA, transB, M, N, K, a, 0, b, 0, c, 0, 0);
  if (beta !== 0) for (let i = 0; i < c.length; i++) c[i] = beta * c0[i]! + c[i]!;
  return c;
}

for (const build of BUILDS) {
  test(`wasm gemm_f32 (${build}): random shapes, all transpose combos, beta 0/1/0.5`, async () => {
    const ctx = await rawModule(build);
    const rng = makeRng(1234);
    const shapes: [number, number, number][] = [[1, 1, 1], [6, 8, 1], [5, 8, 3], [7, 9, 300], [13, 2100, 5], [130, 70, 520]];
    for (let i = 0; i < 40; i++) shapes.push([randInt(rng, 1, 70), randInt(rng, 1, 70), randInt(rng, 1, 70)]);
    for (const [M, N, K] of shapes) {
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          for (const beta of [0, 1, 0.5]) {
            const a = randArray(rng, M * K), b = randArray(rng, K * N), c0 = randArray(rng, M * N);
            const expected = refGemm(tA, tB, M, N, K, a, b, c0, beta);
            const pa = ctx.upload(a), pb = ctx.upload(b);
            const pc = ctx.upload(c0);
            if (beta === 0) poison(ctx, pc, M * N);
            const scratch = ctx.alloc(ctx.exports.gemm_f32_scratch_bytes(M, N, K));
            ctx.exports.gemm_f32(tA ? 1 : 0, tB ? 1 : 0, M, N, K, pa, pb, pc, beta, 0, M, scratch);
            const label = `${build} M=${M} N=${N} K=${K} tA=${tA} tB=${tB} beta=${beta}`;
            const full = ctx.download(pc, M * N);
            assertClose(full, expected, label);
            // split the row range into random pieces: bit-identical
            const pc2 = ctx.upload(c0);
            if (beta === 0) poison(ctx, pc2, M * N);
            let r = 0;
            while (r < M) {
              const e = Math.min(M, r + randInt(rng, 1, Math.max(1, Math.ceil(M / 2))));
              ctx.exports.gemm_f32(tA ? 1 : 0, tB ? 1 : 0, M, N, K, pa, pb, pc2, beta, r, e, scratch);
              r = e;
            }
            assertIdentical(ctx.download(pc2, M * N), full, `${label} (split rows)`);
          }
        }
      }
    }
  });

  test(`wasm gemm_f32 (${build}): K = 0 gives beta*C`, async () => {
    const ctx = await rawModule(build);
    const c0 = new Float32Array([1, 2, 3, 4, 5, 6]);
    const pc = ctx.upload(c0);
    const s = ctx.alloc(ctx.exports.gemm_f32_scratch_bytes(2, 3, 0));
    ctx.exports.gemm_f32(0, 0, 2, 3, 0, 0, 0, pc, 0.5, 0, 2, s);
    assertClose(ctx.download(pc, 6), [0.5, 1, 1.5, 2, 2.5, 3], 'K=0 beta=0.5');
    ctx.exports.gemm_f32(0, 0, 2, 3, 0, 0, 0, pc, 0, 0, 2, s);
    assertClose(ctx.download(pc, 6), [0, 0, 0, 0, 0, 0], 'K=0 beta=0');
  });

  test(`wasm gemm_strided_f32 (${build}): sub-matrices with leading dimensions`, async () => {
    const ctx = await rawModule(build);
    const rng = makeRng(77);
    for (let t = 0; t < 20; t++) {
      const M = randInt(rng, 1, 30), N = randInt(rng, 1, 30), K = randInt(rng, 1, 30);
      const tA = rng() < 0.5, tB = rng() < 0.5;
      const lda = (tA ? M : K) + randInt(rng, 0, 5), ldb = (tB ? K : N) + randInt(rng, 0, 5), ldc = N + randInt(rng, 0, 5);
      const aRows = tA ? K : M, bRows = tB ? N : K;
      const A = randArray(rng, aRows * lda), B = randArray(rng, bRows * ldb), C = randArray(rng, M * ldc);
      // dense copies for the reference
      const a = new Float32Array(aRows * (tA ? M : K));
      for (let i = 0; i < aRows; i++) for (let j = 0; j < (tA ? M : K); j++) a[i * (tA ? M : K) + j] = A[i * lda + j]!;
      const b = new Float32Array(bRows * (tB ? K : N));
      for (let i = 0; i < bRows; i++) for (let j = 0; j < (tB ? K : N); j++) b[i * (tB ? K : N) + j] = B[i * ldb + j]!;
      const c0 = new Float32Array(M * N);
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) c0[i * N + j] = C[i * ldc + j]!;
      const expected = refGemm(tA, tB, M, N, K, a, b, c0, 1);
      const pA = ctx.upload(A), pB = ctx.upload(B), pC = ctx.upload(C);
      const s = ctx.alloc(ctx.exports.gemm_f32_scratch_bytes(M, N, K));
      ctx.exports.gemm_strided_f32(tA ? 1 : 0, tB ? 1 : 0, M, N, K, pA, lda, pB, ldb, pC, ldc, 1, 0, M, s);
      const out = ctx.download(pC, M * ldc);
      const got = new Float32Array(M * N);
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < ldc; j++) {
          if (j < N) got[i * N + j] = out[i * ldc + j]!;
          else if (out[i * ldc + j] !== C[i * ldc + j]) throw new Error('wrote outside the sub-matrix');
        }
      }
      assertClose(got, expected, `strided M=${M} N=${N} K=${K}`);
    }
  });

  test(`wasm matmul (${build}): batched, split over 1 and 3 threads`, async () => {
    const rng = makeRng(99);
    const b1 = await backendFor(build, 1);
    const b3 = await backendFor(build, 3);
    const jobs0 = b3.parallelJobs;
    // [[], 20, 90, 40] is a single product with N >= M: split by columns.
    const cases: [number[], number, number, number][] = [[[2, 3], 17, 19, 23], [[4], 64, 64, 64], [[], 200, 90, 40], [[5], 1, 7, 3], [[], 20, 90, 40]];
    for (const [bdims, M, N, K] of cases) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const batch = bdims.reduce((p, d) => p * d, 1);
          const a = randArray(rng, batch * M * K), b = randArray(rng, batch * K * N);
          const expected = new Float32Array(batch * M * N);
          for (let i = 0; i < batch; i++) gemm(transA, transB, M, N, K, a, i * M * K, b, i * K * N, expected, i * M * N, 0);
          const aShape = [...bdims, ...(transA ? [K, M] : [M, K])];
          const bShape = [...bdims, ...(transB ? [N, K] : [K, N])];
          const outShape = [...bdims, M, N];
          const results: Float32Array[] = [];
          for (const be of [b1, b3]) {
            const got = runPrim(be, 'matmul', [upload(be, a, aShape), upload(be, b, bShape)], { transA, transB }, outShape);
            assertClose(got, expected, `${build} matmul ${aShape}x${bShape} threads=${be.threads}`);
            results.push(got);
          }
          assertIdentical(results[1]!, results[0]!, `${build} matmul ${aShape}x${bShape}: threads 3 vs 1`);
        }
      }
    }
    if (b3.parallelJobs === jobs0) throw new Error('the 3-thread backend never split a matmul');
  });
}
