/**
 * Reads and validates optimiser hyperparameters from layered sources (a param group's overrides, then the
 * constructor options, then the optimiser's defaults), so that construction, `loadStateDict` and error
 * messages share one code path. Every error names the optimiser, the group, the option and the bad value.
 */

/** Bounds for a numeric option; `exclusive` makes both bounds strict. */
export interface NumberBounds {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** Formats a value for an error message (strings quoted, objects as JSON). */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || v === null) return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function boundsText(b: NumberBounds): string {
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`${b.minExclusive ? '>' : '>='} ${b.min}`);
  if (b.max !== undefined) parts.push(`${b.maxExclusive ? '<' : '<='} ${b.max}`);
  return parts.length === 0 ? 'a finite number' : `a finite number ${parts.join(' and ')}`;
}

function inBounds(v: number, b: NumberBounds): boolean {
  if (!Number.isFinite(v)) return false;
  if (b.min !== undefined && (b.minExclusive ? v <= b.min : v < b.min)) return false;
  if (b.max !== undefined && (b.maxExclusive ? v >= b.max : v > b.max)) return false;
  return true;
}

/** Throws `owner: invalid option name = value (must be requirement)`. */
export function invalidOption(owner: string, name: string, value: unknown, requirement: string): never {
  throw new Error(`${owner}: invalid option ${name} = ${describeValue(value)} (must be ${requirement})`);
}

/** Checks a number against bounds, throwing a clear error naming the option otherwise. */
export function checkNumber(owner: string, name: string, value: unknown, bounds: NumberBounds = {}): number {
  if (typeof value !== 'number' || !inBounds(value, bounds)) invalidOption(owner, name, value, boundsText(bounds));
  return value;
}

/** Looks up hyperparameters through layers, first defined value wins, and remembers which keys were read. */
export class HyperReader {
  private readonly read = new Set<string>();

  /**
   * @param owner prefix for error messages, e.g. `"SGD (param group 1)"`.
   * @param layers objects searched in order; `undefined` values count as absent.
   */
  constructor(
    readonly owner: string,
    private readonly layers: readonly object[],
  ) {}

  private raw(key: string): unknown {
    this.read.add(key);
    for (const layer of this.layers) {
      if (Object.prototype.hasOwnProperty.call(layer, key)) {
        const v: unknown = Reflect.get(layer, key);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  private required(key: string): unknown {
    const v = this.raw(key);
    if (v === undefined) throw new Error(`${this.owner}: option ${key} is required (give it in the options or in every param group)`);
    return v;
  }

  /** A finite number within `bounds`. */
  number(key: string, bounds: NumberBounds = {}): number {
    return checkNumber(this.owner, key, this.required(key), bounds);
  }

  /** A boolean. */
  bool(key: string): boolean {
    const v = this.required(key);
    if (typeof v !== 'boolean') invalidOption(this.owner, key, v, 'true or false');
    return v;
  }

  /** A pair of numbers, each within `bounds` (e.g. Adam's betas). */
  pair(key: string, bounds: NumberBounds = {}): [number, number] {
    const v = this.required(key);
    if (!Array.isArray(v) || v.length !== 2) invalidOption(this.owner, key, v, `a pair [a, b] of ${boundsText(bounds)}`);
    const a: unknown = v[0];
    const b: unknown = v[1];
    if (typeof a !== 'number' || typeof b !== 'number' || !inBounds(a, bounds) || !inBounds(b, bounds))
      invalidOption(this.owner, key, v, `a pair [a, b] of ${boundsText(bounds)}`);
    return [a, b];
  }

  /**
   * Throws if any layer has a defined key that was never read (a typo such as `momentun`), except
   * `allowed` ones.
   */
  rejectUnknown(allowed: readonly string[]): void {
    const valid = [...this.read].sort();
    for (const layer of this.layers) {
      for (const key of Object.keys(layer)) {
        if (this.read.has(key) || allowed.includes(key) || Reflect.get(layer, key) === undefined) continue;
        throw new Error(`${this.owner}: unknown option ${JSON.stringify(key)}; valid options are ${valid.join(', ')}`);
      }
    }
  }
}
