import type { DataHandle } from '../../engine/backend.js';
import { ordinaryCollector } from './gc.js';
import type { Collectable, HostCollector } from './gc.js';

/**
 * A tensor's elements in the wasm backend's shared linear memory: `byteLength` bytes at byte offset
 * `ptr` (16-byte aligned). Handles are immutable; the memory is returned to the allocator by a
 * `FinalizationRegistry` once the handle is garbage collected (see `HandleTracker`), so nobody
 * disposes anything by hand.
 */
export class WasmHandle implements DataHandle {
  readonly backendName = 'wasm';
  /** Set when the block was given back early by `HandleTracker.release`; the handle is then unusable. */
  released = false;
  constructor(
    readonly ptr: number,
    readonly byteLength: number,
  ) {}
}

/** `handle` as a live `WasmHandle`, or an error saying where it lives or that it was released. */
export function wasmHandle(handle: DataHandle): WasmHandle {
  if (!(handle instanceof WasmHandle)) throw new Error(`wasm backend: expected a tensor in wasm memory, got one that lives on backend '${handle.backendName}'`);
  if (handle.released) throw new Error('wasm backend: this tensor was a temporary of backward() whose memory was released');
  return handle;
}

/**
 * Frees a handle's block when the handle becomes unreachable. Finalizers run as tasks of the host's
 * event loop after a garbage collection, or synchronously in `reclaim()` where the host collector
 * supports it (Node: see gc.ts); README.md ("Memory") says what that means for synchronous loops.
 */
export class HandleTracker {
  private readonly registry: Collectable<number>;
  private liveCount = 0;

  constructor(private readonly free: (ptr: number) => void, private readonly host: HostCollector | null = null) {
    const finalize = (ptr: number): void => {
      this.liveCount--;
      free(ptr);
    };
    this.registry = (host ?? ordinaryCollector).registry(finalize);
  }

  /** Whether `reclaim` can get memory back synchronously (a host gc plus synchronous finalizers). */
  get canReclaimNow(): boolean {
    return this.host?.gc != null && this.registry.synchronous;
  }

  /**
   * Asks the host for a full collection and, where supported, runs the finalizers of the handles it
   * found unreachable right away (their blocks go back to the allocator before this returns).
   */
  reclaim(): void {
    if (!this.host?.gc) return;
    this.host.gc();
    this.registry.cleanupNow();
  }

  /** Wraps a freshly allocated block in a handle that frees it when collected. */
  track(ptr: number, byteLength: number): WasmHandle {
    const h = new WasmHandle(ptr, byteLength);
    this.registry.register(h, ptr, h);
    this.liveCount++;
    return h;
  }

  /**
   * Gives the block back now, for a handle the library has proven unreachable by user code (autograd's
   * gradient temporaries); the finalizer is cancelled so the block is not freed twice.
   */
  release(h: WasmHandle): void {
    if (h.released) return;
    h.released = true;
    this.registry.unregister(h);
    this.liveCount--;
    this.free(h.ptr);
  }

  /** Handles made and not yet finalized (some may already be unreachable). */
  get live(): number {
    return this.liveCount;
  }
}
