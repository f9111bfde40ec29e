/** Shapes are plain arrays of non-negative integers, outermost axis first (row-major, NCHW for images). */
export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-contiguous) strides of a shape, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  shape.reduceRight((s, d, i) => {
    strides[i] = s;
    return s * d;
  }, 1);
  return strides;
}

/** A shape of exactly N axes, as a tuple type (`Dims<4>` is `readonly [number, number, number, number]`). */
export type Dims<N extends number, T extends number[] = []> = T['length'] extends N ? Readonly<T> : Dims<N, [...T, number]>;

/** True when `shape` has `rank` axes; narrows it to a tuple, so `const [n, c, h, w] = shape` is typed. */
export function hasRank<N extends number>(shape: Shape, rank: N): shape is Dims<N> {
  return shape.length === rank;
}

/** The length of `shape`'s axis `axis` (0-based), or an error naming `what` when the shape has no such axis. */
export function axisLength(shape: Shape, axis: number, what: string): number {
  const d = shape[axis];
  if (d === undefined) throw new Error(`${what}: expected a shape with an axis ${axis}, got ${formatShape(shape)}`);
  return d;
}

/** `shape`'s axes as a tuple of `rank` numbers, or an error naming `what` and the shape it got. */
export function dims<N extends number>(shape: Shape, rank: N, what: string): Dims<N> {
  if (!hasRank(shape, rank)) throw new Error(`${what}: expected a shape of rank ${rank}, got ${formatShape(shape)}`);
  return shape;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** NumPy/PyTorch broadcasting: align trailing axes; each pair must be equal or contain a 1. */
export function broadcastShapes(a: Shape, b: Shape, opName = 'broadcast'): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else
      throw new Error(
        `${opName}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together (axis ${i} of the aligned shapes: ${da} vs ${db})`,
      );
  }
  return out;
}

/** Normalises a possibly negative axis against `rank`, with an error naming the op. */
export function normalizeAxis(axis: number, rank: number, opName: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1))
    throw new Error(`${opName}: axis ${axis} is out of range for a tensor of rank ${rank} (expected ${-rank}..${rank - 1})`);
  return axis < 0 ? axis + rank : axis;
}

/** {@link normalizeAxis}, with the length of that axis; a scalar (rank 0) has no axis to take. */
export function axisAndLength(shape: Shape, axis: number, opName: string): [axis: number, length: number] {
  const a = normalizeAxis(axis, shape.length, opName);
  const n = shape[a];
  if (n === undefined) throw new Error(`${opName}: a scalar has no axis ${axis}`);
  return [a, n];
}

/** Normalises an axis list (undefined = all axes), sorted and de-duplicated. */
export function normalizeAxes(axes: number | readonly number[] | undefined, rank: number, opName: string): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const set = new Set(list.map((a) => normalizeAxis(a, rank, opName)));
  return [...set].sort((x, y) => x - y);
}
