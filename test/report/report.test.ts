/**
 * End to end: `striate train` (a few steps) writes report.html, curves.png and confusion.png; the report
 * opens offline from file:// in headless Chromium with every chart drawn and every picture loaded; and
 * `striate explain` on the same checkpoint writes every picture as a valid PNG.
 *
 * The Chromium part is skipped when /usr/bin/chromium is missing (.ci/run installs it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, before, after } from 'node:test';
import { PNG } from 'pngjs';
import { chromium } from 'playwright-core';
import { repoRoot } from '../helpers/paths.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];
const bin = join(repoRoot, 'bin', 'striate.js');

function striate(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, timeout: 240_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Decodes a PNG file; returns its size (throws when it is not a PNG). */
function pngSize(path: string): { width: number; height: number } {
  const png = PNG.sync.read(readFileSync(path));
  return { width: png.width, height: png.height };
}

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'striate-report-'));
  const r = striate('train', '--epochs', '1', '--train-limit', '512', '--test-limit', '200', '--out', dir, '--quiet');
  assert.equal(r.code, 0, `striate train failed:\n${r.stderr}`);
});
after(() => {
  if (dir && !process.env['STRIATE_KEEP_TMP']) rmSync(dir, { recursive: true, force: true });
});

test('striate train writes report.html, curves.png and confusion.png; the page refers to nothing outside itself', () => {
  const curves = pngSize(join(dir, 'curves.png'));
  const confusion = pngSize(join(dir, 'confusion.png'));
  assert.ok(curves.width > 600 && curves.height > 300, `curves.png is ${curves.width}×${curves.height}`);
  assert.ok(confusion.width > 500 && confusion.height > 500, `confusion.png is ${confusion.width}×${confusion.height}`);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.doesNotMatch(html, /(src|href)\s*=\s*["']?(https?:)?\/\//i, 'no external src/href');
  assert.doesNotMatch(html, /url\(\s*["']?https?:/i, 'no external CSS url()');
  assert.doesNotMatch(html, /<script/i, 'no script needed');
  for (const section of ['Training curves', 'Confusion matrix', 'Most confused test images', 'Inside the model']) assert.match(html, new RegExp(section));
});

const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (CI installs it: apt-get install -y chromium)`;

test('report.html renders offline in Chromium: every chart has marks, every image loaded, no console errors', { skip, timeout: 120_000 }, async (t) => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  const problems: string[] = [];
  const outside: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('request', (r) => {
      if (!/^(file|data):/.test(r.url())) outside.push(r.url());
    });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load', timeout: 30_000 });
    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll('figure.chart')).map((f) => ({
        label: f.getAttribute('aria-label') ?? '',
        width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        lines: f.querySelectorAll('g.mark-line.role-mark path').length,
        symbols: f.querySelectorAll('g.mark-symbol.role-mark path').length,
        rects: f.querySelectorAll('g.mark-rect.role-mark path').length,
        texts: Array.from(f.querySelectorAll('g.mark-text.role-mark text')).filter((e) => (e.textContent ?? '').trim() !== '').length,
        axisLabels: f.querySelectorAll('g.role-axis-label text').length,
      })),
    );
    const images = await page.evaluate(() =>
      Array.from(document.images).map((img) => ({ alt: img.alt, complete: img.complete, naturalWidth: img.naturalWidth })),
    );
    const shot = join(dir, 'report-screenshot.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.diagnostic(`screenshot: ${shot} (STRIATE_KEEP_TMP=1 keeps it)`);

    assert.deepEqual(problems, [], 'console/page errors');
    assert.deepEqual(outside, [], 'requests outside file:// and data:');
    assert.equal(charts.length, 2, 'two charts: curves and confusion matrix');
    const [curves, confusion] = charts as [typeof charts[0], typeof charts[0]];
    assert.ok(curves.width > 300, `curves chart width ${curves.width}`);
    assert.ok(curves.lines >= 2 && curves.symbols >= 2, `curves: ${JSON.stringify(curves)}`); // a line per split, points for the epoch
    assert.ok(curves.axisLabels > 4, `curves axis labels: ${curves.axisLabels}`);
    assert.equal(confusion.rects, 100, `confusion matrix: 10×10 cells, got ${confusion.rects}`);
    assert.equal(confusion.texts, 100, 'a count in every cell');
    assert.ok(images.length >= 3 * 4, `images: ${images.length}`); // at least image, Grad-CAM and two feature-map grids per explained image
    const broken = images.filter((i) => !i.complete || i.naturalWidth === 0);
    assert.deepEqual(broken, [], 'every image decodes');
    assert.ok(pngSize(shot).height > 1000, 'the full-page screenshot shows the whole report');
  } finally {
    await browser.close();
  }
});

test('striate explain on the trained checkpoint writes every picture as a PNG and prints the top classes', () => {
  const out = join(dir, 'explain');
  const image = join(repoRoot, 'examples', 'ankle-boot.png');
  const r = striate('explain', '--checkpoint', join(dir, 'checkpoint'), image, '-o', out, '--class', 'trouser', '--json');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { files: string[]; top: { label: string; probability: number }[]; gradcam: { class: string }[] };
  const names = report.files.map((f) => f.slice(out.length + 1)).sort();
  const predicted = report.top[0]!.label.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
  const expected = ['feature-maps-conv1.png', 'feature-maps-conv2.png', 'filters-conv1.png', 'saliency.png', `gradcam-${predicted}.png`, 'gradcam-trouser.png'];
  assert.deepEqual(names, [...new Set(expected)].sort());
  for (const f of report.files) {
    const { width, height } = pngSize(f);
    assert.ok(width >= 100 && height >= 100, `${f} is ${width}×${height}`);
  }
  assert.equal(report.top.length, 5);
  const sum = report.top.reduce((s, t) => s + t.probability, 0);
  assert.ok(sum > 0 && sum <= 1 + 1e-5);
  const text = striate('explain', '--checkpoint', join(dir, 'checkpoint'), image, '-o', out);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Wrote 5 files/);
  assert.match(text.stdout, /Top classes:/);
  const bad = striate('explain', '--checkpoint', join(dir, 'checkpoint'), image, '-o', out, '--class', 'Sock');
  assert.notEqual(bad.code, 0);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /^striate: error: --class: unknown class 'Sock' \(classes: T-shirt\/top, Trouser/);
  const badLayer = striate('explain', '--checkpoint', join(dir, 'checkpoint'), image, '-o', out, '--layer', 'fc1');
  assert.match(badLayer.stderr, /--layer: gradCam: no convolution layer named 'fc1' \(the model has conv1, conv2\)/);
});
