import { fromTypedArray, Tensor, zeros } from '../tensor/tensor.js';
import { noGrad, withGradEnabled } from '../tensor/autograd/node.js';
import { concat, slice } from '../tensor/ops/movement.js';
import { backendOf } from '../engine/registry.js';
import type { DataHandle } from '../engine/backend.js';
import { describeValue, HyperReader } from './hyper-reader.js';
import { zipExact } from './zip.js';

/** Hyperparameters every optimiser has. Concrete optimisers extend this with their own fields. */
export interface BaseHyperParams {
  lr: number;
}

/** A value a hyperparameter may take (JSON-friendly). */
export type HyperValue = number | boolean | readonly number[];

/**
 * A group of parameters sharing hyperparameters, like PyTorch's `param_groups` entries. Hyperparameters
 * may be changed between steps (schedulers write `lr`); `initialLr` is set by the first LR scheduler.
 */
export type ParamGroup<H extends BaseHyperParams> = H & { params: Tensor[]; initialLr?: number };

/** A param group as given to a constructor: the parameters plus any hyperparameters to override. */
export type ParamGroupInput<H extends BaseHyperParams> = Partial<H> & { params: readonly Tensor[]; initialLr?: number };

/** What an optimiser is built over: a flat list of parameters, or a list of param groups. */
export type ParamsInput<H extends BaseHyperParams> = readonly Tensor[] | readonly ParamGroupInput<H>[];

/**
 * Buffers kept on the backend as the rows of one [k, n] float32 tensor, for optimisers that update
 * through primitives (`names[i]` is row i). The tensor is private to the optimiser: `stateDict` copies it.
 */
export interface PackedBuffers {
  readonly names: readonly string[];
  readonly tensor: Tensor;
}

/**
 * Per-parameter state: the number of updates applied and named float32 buffers (`expAvg`, …), all on
 * the backend: the rows the update uses in `packed`, any others (restored by `loadStateDict` and not
 * packed yet, or left out by a change of hyperparameters) `loose` as flat [n] tensors. A buffer is in
 * exactly one of the two; all are private to the optimiser.
 */
export interface ParamState {
  step: number;
  readonly loose: Map<string, Tensor>;
  packed: PackedBuffers | null;
}

/** A param group in a state dict: hyperparameters plus the indices of its parameters. */
export interface SerializedParamGroup {
  params: number[];
  [hyper: string]: HyperValue;
}

/** The JSON-friendly half of a state dict. */
export interface OptimizerConfig {
  /** Class name of the optimiser that wrote it, e.g. `"Adam"`. */
  optimizer: string;
  paramGroups: SerializedParamGroup[];
  /** Step counts keyed by parameter index (parameters numbered in group order, as in PyTorch). */
  state: Record<string, { step: number }>;
}

/**
 * A snapshot of an optimiser: `config` is plain JSON (hyperparameters and step counts); `tensors` holds
 * copies of the per-parameter buffers named `state.<paramIndex>.<buffer>`, e.g. `state.0.expAvg`.
 */
export interface OptimizerStateDict {
  config: OptimizerConfig;
  tensors: Record<string, Tensor>;
}

/** Turns a validated reader into an optimiser's full hyperparameter record. */
export type HyperParser<H extends BaseHyperParams> = (reader: HyperReader) => H;

const STATE_KEY = /^state\.(\d+)\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** The parameter index and buffer name of a state tensor named `state.<index>.<buffer>`, or null for any other name. */
function parseStateKey(name: string): { index: number; buffer: string } | null {
  const [, index, buffer] = STATE_KEY.exec(name) ?? [];
  return index === undefined || buffer === undefined ? null : { index: Number(index), buffer };
}

/** The elements of a float32 tensor as a read-only view, with a clear error for any other dtype. */
export function floatView(t: Tensor, what: string): Float32Array {
  const data = t.dataView();
  if (!(data instanceof Float32Array)) throw new Error(`${what}: expected a float32 tensor, got ${t.dtype}`);
  return data;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((nm, i) => nm === b[i]);
}

/** Frees an optimiser-private tensor's memory now, where its backend can. */
function releasePrivate(t: Tensor): void {
  backendOf(t.handle).release?.(t.handle);
}

function isGroupList<H extends BaseHyperParams>(params: ParamsInput<H>): params is readonly ParamGroupInput<H>[] {
  return params.length > 0 && !(params[0] instanceof Tensor);
}

/**
 * Base class of all optimisers (PyTorch semantics). Subclasses give a hyperparameter parser and the
 * elementwise update; this class handles param groups, skipping parameters without gradients, per-parameter
 * state, and exact save/restore. Updates produce new values written back with `param.assign(...)`, so a
 * parameter keeps its identity while its old contents stay intact for any other holder. Every optimiser
 * computes them on the parameters' backend with primitives (`updateTensor`: Adam and AdamW use
 * `adamMoments`/`adamStep`, SGD `sgdMomentum`/`sgdStep`, RMSprop `rmspropMoments`/`rmspropStep`), so a
 * step copies nothing between JS and, e.g., wasm memory; only `stateDict` and `loadStateDict` do.
 *
 * Numerics: every elementwise operation is rounded to float32 (`Math.fround`) in PyTorch's order, and a
 * product feeding an `add(x, alpha=…)` is left unrounded until the sum, as ATen's vectorised CPU kernels
 * fuse it (FMA); the golden fixtures are reproduced bit for bit in all but one element out of 288. The
 * reference kernels of the primitives (`backend/reference/kernels/optim.ts`) state the arithmetic.
 */
export abstract class Optimizer<H extends BaseHyperParams = BaseHyperParams> {
  /** The param groups; edit hyperparameters here between steps to change them per group. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state, created on a parameter's first update. */
  protected readonly state = new Map<Tensor, ParamState>();

  /**
   * @param name class name used in messages and state dicts.
   * @param params parameters or param groups.
   * @param options constructor options (the defaults for every group).
   * @param defaults built-in defaults, used where neither a group nor `options` gives a value.
   * @param parseHyper reads and validates one group's hyperparameters.
   */
  protected constructor(
    readonly name: string,
    params: ParamsInput<H>,
    private readonly options: object,
    private readonly defaults: object,
    private readonly parseHyper: HyperParser<H>,
  ) {
    if (params.length === 0) throw new Error(`${name}: got an empty parameter list`);
    if (isGroupList(params)) for (const g of params) this.addParamGroup(g);
    else this.addGroup({ params }, name);
  }

  /** Adds a param group (hyperparameters not given fall back to the constructor options and defaults). */
  addParamGroup(input: ParamGroupInput<H>): void {
    this.addGroup(input, `${this.name} (param group ${this.paramGroups.length})`);
  }

  private addGroup(input: { readonly params: readonly Tensor[]; readonly initialLr?: number }, owner: string): void {
    if (!Array.isArray(input.params)) throw new Error(`${owner}: a param group needs a params array, got ${describeValue(input.params)}`);
    const overrides: Record<string, unknown> = {};
    for (const key of Object.keys(input)) if (key !== 'params') overrides[key] = Reflect.get(input, key);
    const reader = new HyperReader(owner, [overrides, this.options, this.defaults]);
    const hyper = this.parseHyper(reader);
    reader.rejectUnknown(['initialLr']);
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    const params: Tensor[] = [];
    for (const [i, p] of input.params.entries()) {
      if (!(p instanceof Tensor)) throw new Error(`${owner}: params[${i}] is not a Tensor (got ${describeValue(p)})`);
      if (p.dtype !== 'float32') throw new Error(`${owner}: params[${i}] must be float32, got ${p.dtype}`);
      if (!p.isLeaf) throw new Error(`${owner}: params[${i}] is not a leaf tensor (it was computed by an op); optimise the tensors you created`);
      if (seen.has(p)) throw new Error(`${owner}: params[${i}] appears more than once (in this or another param group)`);
      seen.add(p);
      params.push(p);
    }
    const group: ParamGroup<H> = { ...hyper, params };
    if (typeof input.initialLr === 'number') group.initialLr = input.initialLr;
    this.paramGroups.push(group);
  }

  /** The learning rate of the first group. */
  get lr(): number {
    const [first] = this.paramGroups;
    if (first === undefined) throw new Error(`${this.name}: expected at least one param group, got none`);
    return first.lr;
  }
  /** Sets the learning rate of every group. */
  set lr(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new Error(`${this.name}: invalid option lr = ${describeValue(value)} (must be a finite number >= 0)`);
    for (const g of this.paramGroups) g.lr = value;
  }

  /** Sets every parameter's gradient to null (like PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /**
   * Updates every parameter that has a gradient; parameters whose `grad` is null are skipped (their
   * state and step count are untouched). `closure`, if given, is run first with gradients enabled (it
   * should recompute the loss and call `backward()`); its result is returned.
   */
  step<T = undefined>(closure?: () => T): T | undefined {
    const result = closure ? withGradEnabled(true, closure) : undefined;
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          const grad = p.grad;
          if (grad === null) continue;
          if (grad.size !== p.size) throw new Error(`${this.name}: gradient has ${grad.size} elements but its parameter has ${p.size}`);
          const st = this.stateOf(p);
          st.step += 1;
          if (grad.dtype !== 'float32') throw new Error(`${this.name} gradient: expected a float32 tensor, got ${grad.dtype}`);
          p.assign(this.updateTensor(p, grad, st, group).reshape([...p.shape]));
        }
      }
    });
    return result;
  }

  /**
   * Computes one parameter's new values on its backend with primitives, without copying elements to JS
   * (the state lives in `state.packed`, see `packedBuffers`); returns the new values (any shape with the
   * parameter's size). `state.step` is already incremented; `grad` is float32 with the parameter's size.
   */
  protected abstract updateTensor(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<H>): Tensor;

  /** Whether `state` has the buffer `name` (packed or loose). */
  protected hasBuffer(state: ParamState, name: string): boolean {
    return state.loose.has(name) || (state.packed?.names.includes(name) ?? false);
  }

  /**
   * The buffers `names` of `state` as rows of one [k, n] float32 tensor on the backend. When the set of
   * names changes (the first update, a restored state, a hyperparameter switched on or off), the tensor is
   * rebuilt there from the current rows, the loose buffers and zeros for new names; rows no longer named
   * are kept as loose buffers. Nothing is read back to JS.
   */
  protected packedBuffers(state: ParamState, names: readonly string[], size: number): Tensor {
    const cur = state.packed;
    if (cur !== null && sameNames(cur.names, names)) return cur.tensor;
    const rows = new Map<string, Tensor>();
    if (cur !== null) cur.names.forEach((nm, i) => rows.set(nm, slice(cur.tensor, [i, 0], [i + 1, size])));
    for (const [nm, t] of state.loose) rows.set(nm, t.reshape([1, size]));
    state.loose.clear();
    let tensor: Tensor;
    const spent = new Set<Tensor>(cur === null ? [] : [cur.tensor]);
    if (rows.size === 0) tensor = zeros([names.length, size]);
    else {
      const parts = names.map((nm) => rows.get(nm) ?? zeros([1, size]));
      for (const nm of names) rows.delete(nm);
      for (const [nm, t] of rows) state.loose.set(nm, t.reshape([size]));
      tensor = concat(parts, 0);
      for (const part of parts) spent.add(part);
    }
    state.packed = { names: [...names], tensor };
    // Free what no longer holds a buffer, each block once (a slice or a one-part concat may be its input).
    const kept = new Set([tensor.handle, ...[...state.loose.values()].map((t) => t.handle)]);
    const freed = new Set<DataHandle>();
    for (const t of spent) {
      if (kept.has(t.handle) || freed.has(t.handle)) continue;
      freed.add(t.handle);
      releasePrivate(t);
    }
    return tensor;
  }

  /**
   * Replaces the packed tensor of `state` (one row per buffer, in the same order) and frees the previous
   * one at once where the backend can. `names` names the rows where the state has no packed tensor yet.
   */
  protected setPacked(state: ParamState, tensor: Tensor, names?: readonly string[]): void {
    const cur = state.packed;
    const rows = cur?.names ?? names;
    if (rows === undefined) throw new Error(`${this.name}: no packed state to replace and no row names given`);
    if (names !== undefined && !sameNames(rows, names))
      throw new Error(`${this.name}: the packed state has rows ${rows.join(', ')}, not ${names.join(', ')}`);
    if (tensor.rank !== 2 || tensor.shape[0] !== rows.length)
      throw new Error(`${this.name}: expected packed state [${rows.length}, n] (rows ${rows.join(', ')}), got [${tensor.shape.join(', ')}]`);
    for (const nm of rows) {
      const old = state.loose.get(nm);
      if (old !== undefined) releasePrivate(old);
      state.loose.delete(nm);
    }
    state.packed = { names: [...rows], tensor };
    if (cur !== null && cur.tensor.handle !== tensor.handle) releasePrivate(cur.tensor);
  }

  /** Every buffer of `state` by name, as copies read from the backend (packed rows first, then loose buffers). */
  private bufferCopies(state: ParamState): [string, Float32Array][] {
    const out: [string, Float32Array][] = [];
    const cur = state.packed;
    if (cur !== null) {
      const data = floatView(cur.tensor, this.name);
      const size = data.length / cur.names.length;
      cur.names.forEach((nm, i) => out.push([nm, data.slice(i * size, (i + 1) * size)]));
    }
    for (const [nm, buf] of state.loose) out.push([nm, floatView(buf, this.name).slice()]);
    return out;
  }

  private stateOf(p: Tensor): ParamState {
    let st = this.state.get(p);
    if (st === undefined) {
      st = { step: 0, loose: new Map(), packed: null };
      this.state.set(p, st);
    }
    return st;
  }

  private allParams(): Tensor[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** A snapshot of hyperparameters, step counts and state buffers (copies; later steps do not change it). */
  stateDict(): OptimizerStateDict {
    const config: OptimizerConfig = { optimizer: this.name, paramGroups: [], state: {} };
    const tensors: Record<string, Tensor> = {};
    let index = 0;
    for (const group of this.paramGroups) {
      const serial: SerializedParamGroup = { params: [] };
      for (const key of Object.keys(group)) {
        if (key === 'params') continue;
        const v: unknown = Reflect.get(group, key);
        if (typeof v === 'number' || typeof v === 'boolean') serial[key] = v;
        else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) serial[key] = v.map(Number);
      }
      for (const p of group.params) {
        serial.params.push(index);
        const st = this.state.get(p);
        if (st !== undefined) {
          config.state[String(index)] = { step: st.step };
          for (const [name, buf] of this.bufferCopies(st)) tensors[`state.${index}.${name}`] = fromTypedArray(buf, p.shape, 'float32');
        }
        index++;
      }
      config.paramGroups.push(serial);
    }
    return { config, tensors };
  }

  /**
   * Restores a snapshot from `stateDict()` of an optimiser of the same kind over parameters of the same
   * shapes, grouped the same way. Hyperparameters, step counts and buffers are restored exactly, so
   * training resumes bit for bit. The snapshot's tensors are copied, not shared.
   */
  loadStateDict(sd: OptimizerStateDict): void {
    const { config, tensors } = sd;
    const what = `${this.name}.loadStateDict`;
    if (config.optimizer !== this.name) throw new Error(`${what}: state dict was saved by ${describeValue(config.optimizer)}, not ${this.name}`);
    const groups = zipExact(config.paramGroups, this.paramGroups, () =>
      new Error(`${what}: state dict has ${config.paramGroups.length} param groups, this optimiser has ${this.paramGroups.length}`),
    );
    const newHyper = groups.map(([serial, group], gi) => {
      if (serial.params.length !== group.params.length)
        throw new Error(`${what}: param group ${gi} has ${serial.params.length} params in the state dict but ${group.params.length} here`);
      const layer: Record<string, unknown> = {};
      for (const key of Object.keys(serial)) if (key !== 'params' && key !== 'initialLr') layer[key] = serial[key];
      const reader = new HyperReader(`${what} (param group ${gi})`, [layer]);
      const hyper = this.parseHyper(reader);
      reader.rejectUnknown([]);
      const initialLr = serial['initialLr'];
      return { group, hyper, initialLr: typeof initialLr === 'number' ? initialLr : undefined };
    });
    const params = this.allParams();
    const restored = new Map<Tensor, ParamState>();
    for (const [key, entry] of Object.entries(config.state)) {
      const p = params[Number(key)];
      if (!/^\d+$/.test(key) || p === undefined) throw new Error(`${what}: state for unknown parameter index ${describeValue(key)}`);
      if (!Number.isInteger(entry.step) || entry.step < 0) throw new Error(`${what}: invalid step count ${describeValue(entry.step)} for parameter ${key}`);
      restored.set(p, { step: entry.step, loose: new Map(), packed: null });
    }
    for (const [name, t] of Object.entries(tensors)) {
      const key = parseStateKey(name);
      const p = key ? params[key.index] : undefined;
      const st = p ? restored.get(p) : undefined;
      if (!key || !p || !st) throw new Error(`${what}: unexpected state tensor ${describeValue(name)}`);
      if (t.size !== p.size) throw new Error(`${what}: state tensor ${name} has ${t.size} elements but its parameter has ${p.size}`);
      st.loose.set(key.buffer, fromTypedArray(Float32Array.from(floatView(t, `${what}: ${name}`)), [p.size], 'float32'));
    }
    for (const { group, hyper, initialLr } of newHyper) {
      Object.assign(group, hyper);
      if (initialLr !== undefined) group.initialLr = initialLr;
      else delete group.initialLr;
    }
    for (const st of this.state.values()) {
      if (st.packed !== null) releasePrivate(st.packed.tensor);
      for (const t of st.loose.values()) releasePrivate(t);
    }
    this.state.clear();
    for (const [p, st] of restored) this.state.set(p, st);
  }
}
