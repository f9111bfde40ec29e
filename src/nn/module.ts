import type { Tensor } from '../tensor/tensor.js';
import { formatShape } from '../engine/shape.js';
import { Parameter } from './parameter.js';

/**
 * Called after every `call` of the module it is registered on, with the module, its inputs (the
 * argument list, e.g. `[x]`) and its output, typed as the module declares them. A hook meant for any
 * module (summaries, feature-map capture) takes `ForwardHook<unknown[], unknown>` and checks what it gets.
 */
export type ForwardHook<In extends unknown[] = [Tensor], Out = Tensor> = (module: Module<In, Out>, inputs: In, output: Out) => void;

/**
 * A registered hook. Declared as a method so that modules of different input/output types stay
 * assignable to {@link AnyModule} (method parameters are compared bivariantly).
 */
interface StoredHook<In extends unknown[], Out> {
  run(module: Module<In, Out>, inputs: In, output: Out): void;
}

/**
 * A module of any input and output types: what containers, summaries, checkpoints, callbacks and
 * viz walk. Its `call`/`forward` are unchecked (`unknown[]` in, `unknown` out); code that runs a module
 * asks for a concrete `Module<In, Out>` instead.
 */
export type AnyModule = Module<unknown[], unknown>;

/**
 * Base class of every layer and model, PyTorch style, typed by its inputs and output:
 * `Module<In, Out>` has `forward(...inputs: In): Out`. The defaults `[Tensor]` and `Tensor` are the usual
 * one-tensor-in, one-tensor-out layer; a model may take several inputs (`Module<[Tensor, Tensor]>`, e.g. a
 * loss module) or return a tuple or a record (`Module<[Tensor], { logits: Tensor; value: Tensor }>`).
 *
 * Subclasses assign parameters (`Parameter`) and submodules (`Module`, or arrays of them) to their own
 * fields; `parameters()`, `stateDict()`, `train()` and `eval()` find them by walking those fields in
 * declaration order. Buffers (non-learned state) are registered with `registerBuffer`. Call a module with
 * `module.call(x)` (runs hooks) or `forward(x)`.
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** True in training mode (dropout active); switched by `train()` / `eval()`. */
  training = true;
  private readonly _buffers = new Map<string, Tensor>();
  private readonly _hooks: StoredHook<In, Out>[] = [];

  /** The computation: inputs as declared by `In` (default one tensor) → output `Out` (default a tensor). */
  abstract forward(...inputs: In): Out;

  /**
   * Where the channels are in this module's image inputs: 'channelsFirst' (NCHW, PyTorch's layout) unless
   * the module says otherwise (a channels-last Keras model: NHWC). Tools that build inputs read it.
   */
  imageDataFormat(): 'channelsFirst' | 'channelsLast' {
    return 'channelsFirst';
  }

  /** Runs `forward` and then the forward hooks (used by summaries and feature-map capture). */
  call(...inputs: In): Out {
    const out = this.forward(...inputs);
    if (this._hooks.length > 0) for (const h of this._hooks.slice()) h.run(this, inputs, out); // a copy: a hook may remove itself
    return out;
  }

  /** Adds a hook called after every `call` with the typed inputs and output; returns a function that removes it. */
  registerForwardHook(hook: ForwardHook<In, Out>): () => void {
    const entry: StoredHook<In, Out> = { run: hook };
    this._hooks.push(entry);
    return () => {
      const i = this._hooks.indexOf(entry);
      if (i >= 0) this._hooks.splice(i, 1);
    };
  }

  registerBuffer(name: string, value: Tensor): void {
    this._buffers.set(name, value);
  }

  /** Direct children, by field name (arrays of modules are named `field.0`, `field.1`, …). */
  namedChildren(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (key.startsWith('_')) continue;
      if (value instanceof Module) out.push([key, value]);
      else if (Array.isArray(value))
        value.forEach((v: unknown, i) => {
          if (v instanceof Module) out.push([`${key}.${i}`, v]);
        });
    }
    return out;
  }

  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all descendants, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, AnyModule][] {
    const out: [string, AnyModule][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    return out;
  }

  /** Parameters directly on this module (not its children), by field name. */
  protected ownParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [key, value] of Object.entries(this)) if (!key.startsWith('_') && value instanceof Parameter) out.push([key, value]);
    return out;
  }

  /** All parameters with dotted names, like PyTorch's `named_parameters()` (e.g. `conv1.weight`). */
  namedParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [prefix, m] of this.namedModules())
      for (const [name, p] of m.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix ? `${prefix}.${name}` : name, p]);
      }
    return out;
  }

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) for (const [name, b] of m._buffers) out.push([prefix ? `${prefix}.${name}` : name, b]);
    return out;
  }

  /** Total number of parameter elements. */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }

  /** Parameters and buffers by dotted name (the tensors themselves; detach-free, read-only by convention). */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, p] of this.namedParameters()) out[name] = p.detach();
    for (const [name, b] of this.namedBuffers()) out[name] = b.detach();
    return out;
  }

  /**
   * Copies values into parameters and buffers by name. With `strict` (default), missing or unexpected
   * names are an error; shapes must always match.
   */
  loadStateDict(state: Record<string, Tensor>, strict = true): void {
    const targets = new Map<string, Tensor>([...this.namedParameters(), ...this.namedBuffers()]);
    if (strict) {
      const missing = [...targets.keys()].filter((k) => !(k in state));
      const unexpected = Object.keys(state).filter((k) => !targets.has(k));
      if (missing.length || unexpected.length)
        throw new Error(
          `loadStateDict: ${missing.length ? `missing keys: ${missing.join(', ')}` : ''}${missing.length && unexpected.length ? '; ' : ''}${unexpected.length ? `unexpected keys: ${unexpected.join(', ')}` : ''}`,
        );
    }
    for (const [name, target] of targets) {
      const value = state[name];
      if (!value) continue;
      if (value.size !== target.size || value.rank !== target.rank || value.shape.some((d, i) => d !== target.shape[i]))
        throw new Error(`loadStateDict: '${name}' expects shape ${formatShape(target.shape)}, got ${formatShape(value.shape)}`);
      target.assign(value.dtype === target.dtype ? value : value.cast(target.dtype));
    }
  }

  /** Sets training mode on this module and all descendants. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** One line describing this layer's configuration, e.g. `Conv2d(1, 32, kernelSize=3)`. */
  extraRepr(): string {
    return '';
  }

  toString(): string {
    const name = this.constructor.name;
    const children = this.namedChildren();
    if (!children.length) return `${name}(${this.extraRepr()})`;
    const lines = children.map(([n, c]) => `  (${n}): ${c.toString().replace(/\n/g, '\n  ')}`);
    return `${name}(\n${lines.join('\n')}\n)`;
  }
}
