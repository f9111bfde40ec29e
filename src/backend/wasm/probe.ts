/**
 * Feature probe for the wasm backend: validates tiny hand-written modules rather than trusting
 * version numbers. Nothing here changes the host (see `enableRelaxedSimd` for the one opt-in that does).
 */

/** What the host's WebAssembly engine offers. */
export interface WasmFeatures {
  /** SIMD128 (v128 values and ops): required. */
  readonly simd: boolean;
  /** Relaxed SIMD (`f32x4.relaxed_madd` validates): selects the relaxed (FMA) build. */
  readonly relaxedSimd: boolean;
  /** `SharedArrayBuffer` exists in this realm. */
  readonly sharedArrayBuffer: boolean;
  /** A shared `WebAssembly.Memory` can be created: required (the module imports shared memory). */
  readonly sharedMemory: boolean;
  /** `crossOriginIsolated` in browsers (needed for shared memory there); true outside browsers. */
  readonly crossOriginIsolated: boolean;
  /** Running under Node.js (where `enableRelaxedSimd` can turn on relaxed SIMD on Node 20). */
  readonly node: boolean;
}

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** Type section: one type `() -> v128`; function section: one function of that type. */
const V128_FUNC = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00];
const V128_CONST_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

/** `(func (result v128) v128.const i32x4 0 0 0 0)` */
const SIMD_MODULE = new Uint8Array([
  ...HEADER, ...V128_FUNC,
  0x0a, 0x16, 0x01, 0x14, 0x00, ...V128_CONST_ZERO, 0x0b,
]);

/** `(func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0)))`; opcode 0xfd 0x105. */
const RELAXED_MODULE = new Uint8Array([
  ...HEADER, ...V128_FUNC,
  0x0a, 0x3d, 0x01, 0x3b, 0x00, ...V128_CONST_ZERO, ...V128_CONST_ZERO, ...V128_CONST_ZERO, 0xfd, 0x85, 0x02, 0x0b,
]);

function validates(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

function canMakeSharedMemory(): boolean {
  try {
    const m = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return typeof SharedArrayBuffer !== 'undefined' && m.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

export function isNode(): boolean {
  return typeof process === 'object' && process !== null && typeof process.versions?.node === 'string';
}

/** Probes the engine now (cheap; the answer for relaxed SIMD changes after `enableRelaxedSimd`). */
export function probeFeatures(): WasmFeatures {
  const isolated = Reflect.get(globalThis, 'crossOriginIsolated');
  return {
    simd: validates(SIMD_MODULE),
    relaxedSimd: validates(RELAXED_MODULE),
    sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
    sharedMemory: canMakeSharedMemory(),
    crossOriginIsolated: typeof isolated === 'boolean' ? isolated : true,
    node: isNode(),
  };
}

/**
 * Opt-in: on Node 20, where relaxed SIMD is behind a V8 flag, sets `--experimental-wasm-relaxed-simd`
 * with `v8.setFlagsFromString` (it changes the V8 flags of the whole process, hence not done by
 * default). Call it before the first `createWasmBackend`/`initWasmBackend`: modules compiled earlier
 * keep what they were compiled with. Returns whether relaxed SIMD validates afterwards (no-op and
 * plain probe outside Node or where it is already on, e.g. Node ≥ 22 and current browsers).
 */
export async function enableRelaxedSimd(): Promise<boolean> {
  if (validates(RELAXED_MODULE)) return true;
  if (!isNode()) return false;
  const v8 = await import('node:v8');
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return validates(RELAXED_MODULE);
}
