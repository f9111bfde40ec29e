/**
 * The self-contained HTML page of a training report: inline CSS, charts as inline SVG, pictures as PNG
 * data URLs. No script, no external URL, so it opens offline from file://.
 */
import type { Tensor } from '../tensor/tensor.js';
import { encodePng } from '../io/png.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** uint8 `[H, W, C]` → `data:image/png;base64,…`. */
export function pngDataUrl(image: Tensor): string {
  return `data:image/png;base64,${Buffer.from(encodePng(image)).toString('base64')}`;
}

/** An <img> of a uint8 image, shown at its natural size (pixelated when browsers scale it). */
export function imgTag(image: Tensor, alt: string, cls = ''): string {
  const [h, w] = image.shape as [number, number];
  return `<img src="${pngDataUrl(image)}" width="${w}" height="${h}" alt="${escapeHtml(alt)}"${cls ? ` class="${cls}"` : ''}>`;
}

/** Strips the XML prolog a standalone SVG may carry, so the SVG can sit inside HTML. */
export function inlineSvg(svg: string, label: string): string {
  return `<figure class="chart" role="img" aria-label="${escapeHtml(label)}">${svg.replace(/^<\?xml[^>]*>\s*/, '')}</figure>`;
}

export interface ReportSection {
  id: string;
  title: string;
  /** Trusted HTML built by the report code (every user string in it already escaped). */
  body: string;
}

const CSS = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 24px auto; max-width: 1200px; color: #222; padding: 0 16px; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 19px; margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table.summary td { padding: 2px 16px 2px 0; } table.summary td:first-child { color: #666; }
figure.chart { margin: 8px 0; } figure.chart svg { max-width: 100%; height: auto; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 8px; width: 150px; font-size: 12px; }
.card img, .explain img { image-rendering: pixelated; display: block; }
.card .truth { color: #2a7; } .card .wrong { color: #c33; font-weight: bold; }
.card ol { margin: 4px 0 0 18px; padding: 0; }
.explain { border: 1px solid #ddd; border-radius: 6px; padding: 12px; margin: 12px 0; }
.explain .row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.explain figure { margin: 0; font-size: 12px; } .explain figcaption { margin-top: 4px; color: #555; }
p.note { color: #666; font-size: 13px; }
`;

/** The whole page. `summary` rows are escaped here; section bodies are trusted HTML. */
export function reportHtml(title: string, summary: readonly [string, string][], sections: readonly ReportSection[]): string {
  const rows = summary.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('');
  const nav = sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join(' · ');
  const body = sections.map((s) => `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${s.body}\n</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,"><style>${CSS}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<table class="summary">${rows}</table>
<p>${nav}</p>
${body}
</body></html>
`;
}
