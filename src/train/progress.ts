import type * as CliProgress from 'cli-progress';

/**
 * cli-progress, loaded on first use: only a terminal in Node shows a bar, and a static import would
 * pull Node's `events`/`readline` into browser bundles of the training loop.
 */
function cliProgress(): typeof CliProgress {
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
}

/** Where training progress goes: a live bar on a terminal, plain lines otherwise, or nothing. */
export interface ProgressReporter {
  epochStart(epoch: number, epochs: number, steps: number): void;
  update(step: number, values: { loss: number; accuracy: number; imagesPerSecond: number; etaSeconds: number }): void;
  epochEnd(summary: string): void;
}

function fmtEta(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}

/** A cli-progress bar with loss, accuracy, images/s and ETA. */
export class TerminalProgress implements ProgressReporter {
  private bar: CliProgress.SingleBar | null = null;
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}
  epochStart(epoch: number, epochs: number, steps: number): void {
    const lib = cliProgress();
    this.bar = new lib.SingleBar(
      {
        format: `Epoch ${epoch + 1}/${epochs} {bar} {value}/{total} | loss {loss} | acc {acc} | {ips} img/s | ETA {etaText}`,
        stream: this.stream,
        hideCursor: true,
        clearOnComplete: true,
        barsize: 24,
      },
      lib.Presets.shades_classic,
    );
    this.bar.start(steps, 0, { loss: '-', acc: '-', ips: '-', etaText: '?' });
  }
  update(step: number, v: { loss: number; accuracy: number; imagesPerSecond: number; etaSeconds: number }): void {
    this.bar?.update(step, { loss: v.loss.toFixed(4), acc: v.accuracy.toFixed(4), ips: Math.round(v.imagesPerSecond), etaText: fmtEta(v.etaSeconds) });
  }
  epochEnd(summary: string): void {
    this.bar?.stop();
    this.bar = null;
    this.stream.write(summary + '\n');
  }
}

/** Plain lines (for logs and pipes): a line every `every` fraction of an epoch and one per epoch. */
export class LineProgress implements ProgressReporter {
  private steps = 0;
  private nextMark = 0;
  private epochLabel = '';
  constructor(private readonly write: (line: string) => void = (l) => process.stderr.write(l + '\n'), private readonly every = 0.25) {}
  epochStart(epoch: number, epochs: number, steps: number): void {
    this.steps = steps;
    this.nextMark = this.every;
    this.epochLabel = `Epoch ${epoch + 1}/${epochs}`;
  }
  update(step: number, v: { loss: number; accuracy: number; imagesPerSecond: number; etaSeconds: number }): void {
    if (step / this.steps + 1e-9 < this.nextMark || step === this.steps) return;
    while (this.nextMark <= step / this.steps) this.nextMark += this.every;
    this.write(`${this.epochLabel} step ${step}/${this.steps} loss ${v.loss.toFixed(4)} acc ${v.accuracy.toFixed(4)} ${Math.round(v.imagesPerSecond)} img/s ETA ${fmtEta(v.etaSeconds)}`);
  }
  epochEnd(summary: string): void {
    this.write(summary);
  }
}

export class SilentProgress implements ProgressReporter {
  epochStart(): void {}
  update(): void {}
  epochEnd(): void {}
}

/** A bar when `stream` is a terminal, plain lines otherwise; `verbose = 0` is silent. */
export function defaultProgress(verbose: 0 | 1 | 2 = 1, stream: NodeJS.WriteStream | null = typeof process === 'undefined' ? null : process.stderr): ProgressReporter {
  if (verbose === 0) return new SilentProgress();
  if (stream === null) return new LineProgress((l) => console.log(l));
  if (verbose === 1 && stream.isTTY) return new TerminalProgress(stream);
  return new LineProgress((l) => stream.write(l + '\n'));
}
