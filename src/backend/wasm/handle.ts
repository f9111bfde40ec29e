import type { DataHandle } from '../backend.js';

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

/**
 * Frees a handle's block when the handle becomes unreachable. Finalizers run as tasks of the host's
 * event loop after a garbage collection, never in the middle of synchronous code: see README.md
 * ("Memory") for what that means for long synchronous loops.
 */
export class HandleTracker {
  private readonly registry: FinalizationRegistry<number>;
  private liveCount = 0;

  constructor(private readonly free: (ptr: number) => void) {
    this.registry = new FinalizationRegistry<number>((ptr) => {
      this.liveCount--;
      free(ptr);
    });
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
