/** Parsing helpers that turn bad option values into one-line errors naming the option. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function intOption(name: string, min = 1): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}, got '${v}'`);
    return n;
  };
}

export function floatOption(name: string, positive = true): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || (positive && n <= 0)) throw new UsageError(`${name} must be a ${positive ? 'positive ' : ''}number, got '${v}'`);
    return n;
  };
}

export function shapeOption(name: string): (v: string) => number[] {
  return (v) => {
    const parts = v.split(/[,x×]/).map(Number);
    if (!parts.length || parts.some((p) => !Number.isInteger(p) || p < 1)) throw new UsageError(`${name} must look like 1,28,28, got '${v}'`);
    return parts;
  };
}
