/**
 * The default backend in a browser: a page that imports Striate's browser entry (src/browser.ts) and
 * chooses nothing runs on the wasm backend. Cross-origin isolated, it uses shared memory (one thread:
 * a page's main thread cannot block); without isolation (no SharedArrayBuffer), the unshared module on
 * one thread, with a one-time notice. Either way a tiny CNN trains with the same losses, in both API
 * styles (a PyTorch-style loop and Keras' compile/fit). Skipped
 * without /usr/bin/chromium (.ci/run installs it).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { repoRoot } from '../helpers/paths.js';
import { serve } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];
const HTML = '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><script type="module" src="./default-entry.js"></script></body></html>';

interface PageReport {
  ok: boolean; error?: string; backend: string; threads: number; sharedMemory: boolean | null;
  crossOriginIsolated: boolean; hardwareConcurrency: number; losses: number[]; kerasLosses: number[];
}

async function load(origin: string): Promise<{ report: PageReport; errors: string[]; warnings: string[] }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  const errors: string[] = [];
  const warnings: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (m) => (m.type() === 'error' ? errors : m.type() === 'warning' ? warnings : []).push(m.text()));
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('response', (r) => void (r.status() >= 400 && errors.push(`HTTP ${r.status()} for ${r.url()}`)));
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: 15_000 });
    await page.waitForSelector('#result', { timeout: 60_000, state: 'attached' });
    const text = await page.evaluate(() => document.getElementById('result')?.textContent ?? 'null');
    return { report: JSON.parse(text) as PageReport, errors, warnings };
  } finally {
    await browser.close();
  }
}

const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (CI installs it: apt-get install -y chromium chromium-driver)`;

test('browser entry: wasm is the default, with and without cross-origin isolation', { skip, timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'striate-browser-default-'));
  const servers: import('node:http').Server[] = [];
  try {
    const r = await build({
      entryPoints: { 'default-entry': join(repoRoot, 'test', 'browser', 'page', 'default-entry.ts') },
      outdir: dir, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', external: ['node:*'], logLevel: 'silent',
    });
    assert.deepEqual(r.errors.map((e) => e.text), []);
    const files = new Map<string, string>([['/default-entry.js', join(dir, 'default-entry.js')]]);
    for (const f of ['striate-simd.wasm', 'striate-relaxed.wasm', 'striate-simd-unshared.wasm', 'striate-relaxed-unshared.wasm'])
      files.set(`/wasm/${f}`, join(repoRoot, 'dist', 'wasm', f));
    const runs: Record<string, Awaited<ReturnType<typeof load>>> = {};
    for (const isolated of [true, false]) {
      const s = await serve(HTML, files, isolated);
      servers.push(s.server);
      runs[String(isolated)] = await load(s.origin);
    }
    const iso = runs['true']!;
    const plain = runs['false']!;
    const ctx = `\nisolated: ${JSON.stringify(iso)}\nnot isolated: ${JSON.stringify(plain)}`;
    assert.deepEqual([...iso.errors, ...plain.errors], [], `console errors${ctx}`);
    assert.ok(iso.report.ok && plain.report.ok, `page failed${ctx}`);
    assert.equal(iso.report.crossOriginIsolated, true);
    assert.equal(iso.report.backend, 'wasm', ctx);
    assert.equal(iso.report.sharedMemory, true, ctx);
    assert.equal(iso.report.threads, 1, 'a page main thread cannot block: one thread');
    assert.equal(plain.report.crossOriginIsolated, false);
    assert.equal(plain.report.backend, 'wasm', ctx);
    assert.equal(plain.report.sharedMemory, false, ctx);
    assert.equal(plain.report.threads, 1);
    if (plain.report.hardwareConcurrency > 1)
      assert.ok(plain.warnings.some((w) => /single-threaded .* not cross-origin isolated/.test(w)), `no fallback notice${ctx}`);
    assert.deepEqual(plain.report.losses, iso.report.losses, 'same module arithmetic, shared or not');
    assert.ok(iso.report.losses[4]! < iso.report.losses[0]!, `loss falls${ctx}`);
    assert.equal(iso.report.kerasLosses.length, 3, `Keras fit ran 3 epochs in the page${ctx}`);
    assert.ok(iso.report.kerasLosses.every(Number.isFinite) && iso.report.kerasLosses[2]! < iso.report.kerasLosses[0]!, `Keras loss falls${ctx}`);
    assert.deepEqual(plain.report.kerasLosses, iso.report.kerasLosses);
  } finally {
    for (const s of servers) await new Promise<void>((resolve) => s.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
});
