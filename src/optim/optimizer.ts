import { fromTypedArray, Tensor } from '../tensor/tensor.js';
import { noGrad, withGradEnabled } from '../tensor/autograd/node.js';
import { backendOf } from '../engine/registry.js';
import { describeValue, HyperReader } from './hyper-reader.js';

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
 * Per-parameter state: the number of updates applied and named float32 buffers (`expAvg`, …), held
 * either in JS (`buffers`) or on the backend (`packed`); a buffer is in exactly one of the two.
 */
export interface ParamState {
  step: number;
  readonly buffers: Map<string, Float32Array>;
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

/** The elements of a float32 tensor as a read-only view, with a clear error for any other dtype. */
export function floatView(t: Tensor, what: string): Float32Array {
  const data = t.dataView();
  if (!(data instanceof Float32Array)) throw new Error(`${what}: expected a float32 tensor, got ${t.dtype}`);
  return data;
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
 * parameter keeps its identity while its old contents stay intact for any other holder. An optimiser
 * either computes them on the parameters' backend with primitives (`updateTensor`; Adam and AdamW use
 * `adamMoments`/`adamStep`, so nothing is copied between JS and, e.g., wasm memory) or in JS on typed
 * arrays (`update`).
 *
 * Numerics: every elementwise operation is rounded to float32 (`Math.fround`) in PyTorch's order, and a
 * product feeding an `add(x, alpha=…)` is left unrounded until the sum, as ATen's vectorised CPU kernels
 * fuse it (FMA); the golden fixtures are reproduced bit for bit in all but one element out of 288.
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
    return this.paramGroups[0]!.lr;
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
          const next = this.updateTensor(p, grad, st, group);
          if (next !== null) {
            p.assign(next.reshape([...p.shape]));
            continue;
          }
          this.unpack(st);
          const out = new Float32Array(p.size);
          this.update(floatView(p, this.name), floatView(grad, `${this.name} gradient`), out, st, group);
          p.assign(fromTypedArray(out, p.shape, 'float32'));
        }
      }
    });
    return result;
  }

  /**
   * The typed-array path (used when `updateTensor` returns null): computes one parameter's new values
   * into `out` (same length as `param`). `state.step` has already been incremented. Buffers in `state`
   * may be updated in place (they are private to the optimiser).
   */
  protected update(_param: Float32Array, _grad: Float32Array, _out: Float32Array, _state: ParamState, _group: ParamGroup<H>): void {
    throw new Error(`${this.name}: implements neither updateTensor nor update`);
  }

  /**
   * Computes one parameter's new values on its backend with primitives, without copying elements to JS
   * (the state lives in `state.packed`, see `packedBuffers`); returns the new values (any shape with the
   * parameter's size), or null to use `update` on typed arrays instead. `state.step` is already incremented.
   */
  protected updateTensor(_param: Tensor, _grad: Tensor, _state: ParamState, _group: ParamGroup<H>): Tensor | null {
    return null;
  }

  /**
   * The buffers `names` of `state` as rows of one [k, n] tensor on the current backend, made from the JS
   * buffers (zeros where missing) the first time or when the set of names changes.
   */
  protected packedBuffers(state: ParamState, names: readonly string[], size: number): Tensor {
    const cur = state.packed;
    if (cur !== null && cur.names.length === names.length && cur.names.every((nm, i) => nm === names[i])) return cur.tensor;
    this.unpack(state);
    const data = new Float32Array(names.length * size);
    names.forEach((nm, i) => {
      const buf = state.buffers.get(nm);
      if (buf !== undefined) data.set(buf, i * size);
      state.buffers.delete(nm);
    });
    const tensor = fromTypedArray(data, [names.length, size], 'float32');
    state.packed = { names: [...names], tensor };
    return tensor;
  }

  /** Replaces the packed tensor of `state` (same names) and frees the previous one at once where the backend can. */
  protected setPacked(state: ParamState, tensor: Tensor): void {
    const cur = state.packed;
    if (cur === null) throw new Error(`${this.name}: no packed state to replace`);
    state.packed = { names: cur.names, tensor };
    if (cur.tensor.handle !== tensor.handle) releasePrivate(cur.tensor);
  }

  /** Moves packed buffers back into JS (`state.buffers`), for the typed-array path. */
  private unpack(state: ParamState): void {
    const cur = state.packed;
    if (cur === null) return;
    const data = floatView(cur.tensor, this.name);
    const size = data.length / cur.names.length;
    cur.names.forEach((nm, i) => state.buffers.set(nm, data.slice(i * size, (i + 1) * size)));
    state.packed = null;
    releasePrivate(cur.tensor);
  }

  /** Every buffer of `state` by name, as copies (packed rows first, then JS buffers). */
  private bufferCopies(state: ParamState): [string, Float32Array][] {
    const out: [string, Float32Array][] = [];
    const cur = state.packed;
    if (cur !== null) {
      const data = floatView(cur.tensor, this.name);
      const size = data.length / cur.names.length;
      cur.names.forEach((nm, i) => out.push([nm, data.slice(i * size, (i + 1) * size)]));
    }
    for (const [nm, buf] of state.buffers) out.push([nm, buf.slice()]);
    return out;
  }

  /** A float32 buffer of `state`, created filled with zeros on first use. */
  protected buffer(state: ParamState, name: string, size: number): Float32Array {
    let buf = state.buffers.get(name);
    if (buf === undefined) {
      buf = new Float32Array(size);
      state.buffers.set(name, buf);
    }
    return buf;
  }

  private stateOf(p: Tensor): ParamState {
    let st = this.state.get(p);
    if (st === undefined) {
      st = { step: 0, buffers: new Map(), packed: null };
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
    if (config.paramGroups.length !== this.paramGroups.length)
      throw new Error(`${what}: state dict has ${config.paramGroups.length} param groups, this optimiser has ${this.paramGroups.length}`);
    const newHyper = config.paramGroups.map((serial, gi) => {
      const group = this.paramGroups[gi]!;
      if (serial.params.length !== group.params.length)
        throw new Error(`${what}: param group ${gi} has ${serial.params.length} params in the state dict but ${group.params.length} here`);
      const layer: Record<string, unknown> = {};
      for (const key of Object.keys(serial)) if (key !== 'params' && key !== 'initialLr') layer[key] = serial[key];
      const reader = new HyperReader(`${what} (param group ${gi})`, [layer]);
      const hyper = this.parseHyper(reader);
      reader.rejectUnknown([]);
      const initialLr = serial['initialLr'];
      return { hyper, initialLr: typeof initialLr === 'number' ? initialLr : undefined };
    });
    const params = this.allParams();
    const restored = new Map<Tensor, ParamState>();
    for (const [key, entry] of Object.entries(config.state)) {
      const p = params[Number(key)];
      if (!/^\d+$/.test(key) || p === undefined) throw new Error(`${what}: state for unknown parameter index ${describeValue(key)}`);
      if (!Number.isInteger(entry.step) || entry.step < 0) throw new Error(`${what}: invalid step count ${describeValue(entry.step)} for parameter ${key}`);
      restored.set(p, { step: entry.step, buffers: new Map(), packed: null });
    }
    for (const [name, t] of Object.entries(tensors)) {
      const m = STATE_KEY.exec(name);
      const p = m ? params[Number(m[1])] : undefined;
      const st = p ? restored.get(p) : undefined;
      if (!m || !p || !st) throw new Error(`${what}: unexpected state tensor ${describeValue(name)}`);
      if (t.size !== p.size) throw new Error(`${what}: state tensor ${name} has ${t.size} elements but its parameter has ${p.size}`);
      st.buffers.set(m[2]!, Float32Array.from(floatView(t, `${what}: ${name}`)));
    }
    newHyper.forEach(({ hyper, initialLr }, gi) => {
      const group = this.paramGroups[gi]!;
      Object.assign(group, hyper);
      if (initialLr !== undefined) group.initialLr = initialLr;
      else delete group.initialLr;
    });
    for (const st of this.state.values()) if (st.packed !== null) releasePrivate(st.packed.tensor);
    this.state.clear();
    for (const [p, st] of restored) this.state.set(p, st);
  }
}
