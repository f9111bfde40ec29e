/**
 * SVG → PNG with resvg (no browser). resvg draws text only with fonts it can load: it scans the system
 * font folders (/usr/share/fonts, …) and we add DejaVu Sans explicitly when present (Debian installs it
 * with Chromium). With no font at all, shapes render but every label is silently missing; `chartFonts()`
 * tells the caller so it can warn.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';

const DEJAVU = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
];

/** The DejaVu Sans files found on this machine (empty: text in PNG charts may be missing). */
export function chartFonts(): string[] {
  return DEJAVU.filter((p) => existsSync(p));
}

/** Renders an SVG document to PNG bytes at `scale` × its size (2 = sharp on high-DPI screens), on white. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const fonts = chartFonts();
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: true,
      fontFiles: fonts,
      ...(fonts.length ? { defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } : {}),
    },
  });
  return resvg.render().asPng();
}
