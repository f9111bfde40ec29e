import { buildModel, listArchitectures, modelConfig } from '../models/registry.js';
import { summarize } from '../nn/summary.js';

export interface SummaryArgs {
  inputShape?: number[];
  classes?: number;
}

/** `striate summary MODEL`: the layer table with output shapes and parameter counts. */
export function summaryCommand(name: string | undefined, args: SummaryArgs, out: (s: string) => void): void {
  if (!name) {
    out('Models:');
    for (const a of listArchitectures()) out(`  ${a.name.padEnd(20)} ${a.description}`);
    return;
  }
  const config = modelConfig(name, {
    ...(args.inputShape ? { inputShape: args.inputShape } : {}),
    ...(args.classes ? { numClasses: args.classes } : {}),
  });
  const model = buildModel(config);
  out(summarize(model, config.inputShape, { title: name }).text);
}
