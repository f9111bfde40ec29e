/**
 * Training in a real browser: the lecture CNN trains for a few steps in headless Chromium on the wasm
 * backend with 2 threads, and its losses match the same run in this Node process.
 *
 * The page (test/browser/page/) is bundled here with esbuild into a temp dir and served from 127.0.0.1
 * with COOP/COEP, so it is cross-origin isolated (SharedArrayBuffer, shared wasm memory). Its script
 * starts a dedicated module worker (trainer.js) that owns the training loop: the backend's pool blocks
 * the calling thread in Atomics.wait, which a page's main thread may not do; the pool's own worker
 * (pool-worker.js, the bundled src/backend/wasm/pool/worker.ts) is nested in the trainer. The .wasm
 * files are served from dist/wasm/ (built here with scripts/build-wasm.mjs when missing).
 *
 * Skipped when /usr/bin/chromium is missing (.ci/run installs it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { setBackend } from '../../src/engine/registry.js';
import { repoRoot } from '../helpers/paths.js';
import { parsePageResult } from './page/result.js';
import { serve } from './server.js';
import type { Served } from './server.js';
import type { TrainerReport } from './page/result.js';
import { TRAIN_CONFIG, trainLectureCnn } from './page/train-core.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];
/** Browser vs Node losses: relative tolerance (the browser may run the FMA build, Node runs the reference backend). */
const REL_TOL = 1e-4;
const WASM_FILES = ['striate-simd.wasm', 'striate-relaxed.wasm'];

const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>striate browser training test</title><link rel="icon" href="data:,"></head>
<body><script type="module" src="./entry.js"></script></body></html>
`;


/** dist/wasm/, built with scripts/build-wasm.mjs when a module is missing (running from source before `npm run build`). */
function wasmDir(): string {
  const dir = join(repoRoot, 'dist', 'wasm');
  if (WASM_FILES.every((f) => existsSync(join(dir, f)))) return dir;
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-wasm.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building the wasm modules failed (${r.status}): ${r.stderr}`);
  for (const f of WASM_FILES) if (!existsSync(join(dir, f))) throw new Error(`${join(dir, f)} missing after scripts/build-wasm.mjs`);
  return dir;
}

/** Bundles the page script, the trainer worker and the pool worker (ES modules) into `outdir`. */
async function bundle(outdir: string): Promise<void> {
  const page = join(repoRoot, 'test', 'browser', 'page');
  const result = await build({
    entryPoints: {
      entry: join(page, 'entry.ts'),
      trainer: join(page, 'trainer.ts'),
      'pool-worker': join(repoRoot, 'src', 'backend', 'wasm', 'pool', 'worker.ts'),
    },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'linked',
    // Only dynamic imports behind isNode() checks reach these (wasm loader, pool spawn/worker, gc hook,
    // core count); they never run in the browser.
    external: ['node:*'],
    logLevel: 'silent',
    metafile: true,
  });
  const errors = result.errors.map((e) => e.text);
  assert.deepEqual(errors, [], 'esbuild errors');
  // Statically imported Node built-ins would be a real bug (the page would fail to load).
  for (const [file, out] of Object.entries(result.metafile.outputs))
    for (const imp of out.imports)
      assert.ok(imp.kind === 'dynamic-import' || !imp.path.startsWith('node:'), `${file} statically imports ${imp.path}`);
}

interface BrowserRun {
  result: TrainerReport & { pageCrossOriginIsolated: boolean };
  /** Console errors, page errors, failed requests and HTTP errors: the test fails on any. */
  problems: string[];
  /** Console warnings (reported on failure; a threads fallback would show here). */
  warnings: string[];
}

async function runInChromium(origin: string): Promise<BrowserRun> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  const problems: string[] = [];
  const warnings: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (msg) => {
      const where = msg.location().url;
      if (msg.type() === 'error') problems.push(`console.error (${where}): ${msg.text()}`);
      else if (msg.type() === 'warning') warnings.push(`console.warn (${where}): ${msg.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('crash', () => problems.push('the page crashed'));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: 15_000 });
    await page.waitForFunction(() => Reflect.has(globalThis, '__striateResult'), undefined, { timeout: 60_000 });
    const raw: unknown = await page.evaluate(() => JSON.parse(document.getElementById('result')?.textContent ?? 'null'));
    const parsed = parsePageResult(raw);
    if (!parsed.ok) throw new Error(`the page reports a failure: ${parsed.error}\n${[...problems, ...warnings].join('\n')}`);
    return { result: parsed, problems, warnings };
  } finally {
    await browser.close();
  }
}

function maxRelDiff(got: readonly number[], want: readonly number[]): number {
  let worst = 0;
  want.forEach((w, i) => (worst = Math.max(worst, Math.abs(got[i]! - w) / Math.max(Math.abs(w), 1e-12))));
  return worst;
}

const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (CI installs it: apt-get install -y chromium chromium-driver)`;

test('lecture CNN trains in headless Chromium on the wasm backend with 2 threads, matching Node', { skip, timeout: 120_000 }, async () => {
  const wasm = wasmDir();
  const dir = await mkdtemp(join(tmpdir(), 'striate-browser-'));
  let served: Served | null = null;
  try {
    await bundle(dir);

    // Node's numbers: the same code on the reference backend (an independent implementation).
    setBackend('reference');
    const node = await trainLectureCnn(TRAIN_CONFIG);

    const files = new Map<string, string>();
    for (const name of ['entry.js', 'trainer.js', 'pool-worker.js', 'entry.js.map', 'trainer.js.map', 'pool-worker.js.map'])
      files.set(`/${name}`, join(dir, name));
    for (const name of WASM_FILES) files.set(`/wasm/${name}`, join(wasm, name));
    served = await serve(PAGE_HTML, files, true);
    const { result, problems, warnings } = await runInChromium(served.origin);
    const context = `\nbrowser: ${JSON.stringify(result)}\nnode losses: ${JSON.stringify(node.losses)}\nwarnings: ${warnings.join('\n')}`;

    assert.deepEqual(problems, [], `console/page/network errors in the browser${context}`);
    assert.equal(result.pageCrossOriginIsolated, true, `the page is not cross-origin isolated${context}`);
    assert.equal(result.crossOriginIsolated, true, `the trainer worker is not cross-origin isolated${context}`);
    assert.equal(result.backend, 'wasm', `training ran on '${result.backend}'${context}`);
    assert.ok(result.build === 'simd' || result.build === 'relaxed', `unknown build ${result.build}`);
    assert.equal(result.threads, 2, `the pool was not used: threads ${result.threads}${context}`);
    assert.ok(result.parallelJobs > 0, `no kernel call ran split across the pool${context}`);
    assert.ok(served.requests.includes('/pool-worker.js'), `the pool worker script was never fetched (requests: ${served.requests.join(', ')})`);
    assert.ok(served.requests.includes(`/wasm/striate-${result.build}.wasm`), `the ${result.build} module was never fetched`);

    assert.equal(result.losses.length, TRAIN_CONFIG.steps);
    assert.ok(result.losses.every(Number.isFinite), `non-finite loss${context}`);
    for (let i = 1; i < result.losses.length; i++)
      assert.ok(result.losses[i]! < result.losses[i - 1]!, `loss did not fall at step ${i}${context}`);

    const rel = maxRelDiff(result.losses, node.losses);
    assert.ok(rel <= REL_TOL, `browser losses differ from Node's by ${rel.toExponential(2)} relative (> ${REL_TOL})${context}`);
    const ms = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join('/');
    console.log(
      `# browser (${result.build}, ${result.threads} threads, ${result.parallelJobs} split calls, hardwareConcurrency ${result.hardwareConcurrency}): ` +
        `losses ${result.losses.map((x) => x.toFixed(6)).join(' ')}; step ms ${ms(result.stepMs)}\n` +
        `# node reference: losses ${node.losses.map((x) => x.toFixed(6)).join(' ')}; step ms ${ms(node.stepMs)}; max rel diff ${rel.toExponential(2)}`,
    );
  } finally {
    const server = served?.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
});
