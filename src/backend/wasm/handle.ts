import type { DataHandle } from '../backend.js';

/**
 * A tensor's elements in the wasm backend's shared linear memory: `byteLength` bytes at byte offset
 * `ptr` (16-byte aligned). Handles are immutable; the memory is returned to the allocator by a
 * `FinalizationRegistry` once the handle is garbage collected (see `HandleTracker`), so nobody
 * disposes anything by hand.
 */
export class WasmHandle implements DataHandle {
  readonly backendName = 'wasm';
  constructor(
    readonly ptr: number,
    readonly byteLength: number,
  ) {}
}

/**
 * Frees a handle's block when the handle becomes unreachable. Finalizers run as tasks of the host's
 * event loop after a garbage collection, never in the middle of synchronous code: see README.md
 * ("Memory") for what that means for long synchronous loops.
 */
export class HandleTracker {
  private readonly registry: FinalizationRegistry<number>;
  private liveCount = 0;

  constructor(free: (ptr: number) => void) {
    this.registry = new FinalizationRegistry<number>((ptr) => {
      this.liveCount--;
      free(ptr);
    });
  }

  /** Wraps a freshly allocated block in a handle that frees it when collected. */
  track(ptr: number, byteLength: number): WasmHandle {
    const h = new WasmHandle(ptr, byteLength);
    this.registry.register(h, ptr);
    this.liveCount++;
    return h;
  }

  /** Handles made and not yet finalized (some may already be unreachable). */
  get live(): number {
    return this.liveCount;
  }
}
