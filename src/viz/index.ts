/**
 * Seeing inside a model: image grids, colour maps and heat-map overlays (HWC uint8 out), and later
 * feature maps, filters, saliency and Grad-CAM (NCHW float32 in).
 */
export { tileImages, toUint8Image } from './grid.js';
export type { Normalize, TileOptions, ToUint8Options } from './grid.js';
export { applyColormap, overlayHeatmap } from './colormap.js';
export type { ColormapName, OverlayOptions } from './colormap.js';
export { upsampleBilinear } from './upsample.js';
