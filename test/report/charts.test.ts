import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { curvesSpec, confusionSpec } from '../../src/report/charts.js';
import { renderSvg } from '../../src/viz/chart.js';
import { svgToPng, chartFonts } from '../../src/viz/svg-png.js';
import { escapeHtml, reportHtml } from '../../src/report/html.js';

test('curves chart: one line per split, a point per epoch, NaN epochs left out', async () => {
  const svg = await renderSvg(curvesSpec({ loss: [2, 1.5, 1.2], accuracy: [0.3, 0.5, 0.6], val_loss: [1.8, Number.NaN, 1.1], val_accuracy: [0.4, 0.55, 0.62] }));
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const symbols = svg.match(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/g) ?? [];
  const points = symbols.map((g) => (g.match(/<path/g) ?? []).length);
  assert.deepEqual(points, [5, 6], 'loss panel: 3 training + 2 validation points; accuracy: 3 + 3');
  for (const label of ['loss', 'accuracy', 'training', 'validation', 'epoch']) assert.ok(svg.includes(`>${label}<`), `label ${label}`);
});

test('confusion chart: a cell and a count per (true, predicted) pair, class names on the axes', async () => {
  const svg = await renderSvg(confusionSpec([[5, 1, 0], [2, 7, 1], [0, 0, 9]], ['cat', 'dog', 'A&B']));
  const cells = svg.match(/<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/)?.[1] ?? '';
  assert.equal((cells.match(/<path/g) ?? []).length, 9);
  const texts = svg.match(/<g class="mark-text role-mark[^"]*"[^>]*>(.*?)<\/g>/)?.[1] ?? '';
  assert.deepEqual([...texts.matchAll(/>(\d+)<\/text>/g)].map((m) => Number(m[1])).sort((a, b) => a - b), [0, 0, 0, 1, 1, 2, 5, 7, 9]);
  assert.ok(svg.includes('>A&amp;B<'), 'class names are escaped in the SVG');
});

test('svgToPng renders at twice the SVG size; text needs DejaVu (reported by chartFonts)', async () => {
  const svg = await renderSvg(confusionSpec([[1, 0], [0, 1]], ['a', 'b']));
  const width = Number(svg.match(/width="(\d+)"/)![1]);
  const png = PNG.sync.read(svgToPng(svg));
  assert.equal(png.width, 2 * width);
  assert.ok(chartFonts().every((p) => p.endsWith('.ttf')));
});

test('reportHtml escapes user strings and has no script', () => {
  const html = reportHtml('t<1>', [['data', '<img src=x onerror=alert(1)>']], [{ id: 's', title: 'S & T', body: '<p>ok</p>' }]);
  assert.ok(html.includes('t&lt;1&gt;'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(html.includes('S &amp; T'));
  assert.doesNotMatch(html, /<script/);
  assert.equal(escapeHtml(`"'`), '&quot;&#39;');
});
