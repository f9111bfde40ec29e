/**
 * Seeing inside a model: image grids, colour maps and heat-map overlays (HWC uint8 out), and later
 * feature maps, filters, saliency and Grad-CAM (NCHW float32 in).
 */
export { tileImages, toUint8Image } from './grid.js';
export type { Normalize, TileOptions, ToUint8Options } from './grid.js';
export { applyColormap, overlayHeatmap } from './colormap.js';
export type { ColormapName, OverlayOptions } from './colormap.js';
export { upsampleBilinear } from './upsample.js';
export { convLayers } from './conv-layers.js';
export type { ConvLayer } from './conv-layers.js';
export { featureMaps, firstLayerFilters, filterTiles } from './features.js';
export type { FeatureMap, LayerFilters } from './features.js';
export { saliency } from './saliency.js';
export { gradCam } from './gradcam.js';
export type { GradCamOptions, GradCamResult } from './gradcam.js';
export { displayScale, upscaleImage, renderFeatureMaps, renderFilters, normalizeMap, renderSaliency, renderGradCam } from './render.js';
