/** Training reports: charts (vega-lite → SVG), SVG → PNG, and the self-contained report.html. */
export { writeTrainingReport } from './training-report.js';
export type { TrainingReportInput, TrainingReportFiles } from './training-report.js';
export { curvesSpec, confusionSpec } from './charts.js';
export { renderSvg } from '../viz/chart.js';
export type { EpochHistory } from './charts.js';
export { svgToPng, chartFonts } from '../viz/svg-png.js';
